package org.carechat.availability;

import org.carechat.testing.OnPostgres;

@OnPostgres
class ForwardingPostgresTest extends ForwardingScenarios {}
