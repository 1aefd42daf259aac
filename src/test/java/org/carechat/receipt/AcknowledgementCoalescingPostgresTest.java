package org.carechat.receipt;

import org.carechat.testing.OnPostgres;

@OnPostgres
class AcknowledgementCoalescingPostgresTest extends AcknowledgementCoalescingScenarios {}
