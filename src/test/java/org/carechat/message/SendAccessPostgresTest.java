package org.carechat.message;

import org.carechat.testing.OnPostgres;

@OnPostgres
class SendAccessPostgresTest extends SendAccessScenarios {}
