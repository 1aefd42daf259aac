package org.carechat.identity;

import org.carechat.testing.OnSqlite;

@OnSqlite
class DeviceWipeSqliteTest extends DeviceWipeScenarios {}
