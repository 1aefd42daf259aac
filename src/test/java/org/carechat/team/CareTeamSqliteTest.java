package org.carechat.team;

import org.carechat.testing.OnSqlite;

@OnSqlite
class CareTeamSqliteTest extends CareTeamScenarios {}
