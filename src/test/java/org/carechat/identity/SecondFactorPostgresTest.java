package org.carechat.identity;

import org.carechat.testing.OnPostgres;

@OnPostgres
class SecondFactorPostgresTest extends SecondFactorScenarios {}
