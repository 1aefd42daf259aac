package org.carechat.realtime;

import org.carechat.testing.OnPostgres;

@OnPostgres
class ReconnectCostPostgresTest extends ReconnectCostScenarios {}
