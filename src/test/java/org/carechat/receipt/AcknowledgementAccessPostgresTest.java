package org.carechat.receipt;

import org.carechat.testing.OnPostgres;

@OnPostgres
class AcknowledgementAccessPostgresTest extends AcknowledgementAccessScenarios {}
