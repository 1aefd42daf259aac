package org.carechat.identity;

import org.carechat.testing.OnSqlite;

@OnSqlite
class SecondFactorSqliteTest extends SecondFactorScenarios {}
