package org.carechat.identity.sso;

import org.carechat.testing.OnSqlite;

@OnSqlite
class SsoSettingsSqliteTest extends SsoSettingsScenarios {}
