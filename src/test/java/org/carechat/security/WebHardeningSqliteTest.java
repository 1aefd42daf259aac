package org.carechat.security;

import org.carechat.testing.OnSqlite;

@OnSqlite
class WebHardeningSqliteTest extends WebHardeningScenarios {}
