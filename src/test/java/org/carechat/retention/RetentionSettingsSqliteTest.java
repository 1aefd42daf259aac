package org.carechat.retention;

import org.carechat.testing.OnSqlite;

@OnSqlite
class RetentionSettingsSqliteTest extends RetentionSettingsScenarios {}
