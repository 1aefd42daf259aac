package org.carechat.team;

import org.carechat.testing.OnPostgres;

@OnPostgres
class CareTeamPostgresTest extends CareTeamScenarios {}
