package org.carechat.retention;

import org.carechat.testing.OnSqlite;

@OnSqlite
class RetentionOverrideSqliteTest extends RetentionOverrideScenarios {}
