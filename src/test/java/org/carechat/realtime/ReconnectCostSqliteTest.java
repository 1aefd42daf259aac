package org.carechat.realtime;

import org.carechat.testing.OnSqlite;

@OnSqlite
class ReconnectCostSqliteTest extends ReconnectCostScenarios {}
