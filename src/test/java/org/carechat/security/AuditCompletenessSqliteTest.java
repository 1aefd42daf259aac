package org.carechat.security;

import org.carechat.testing.OnSqlite;

@OnSqlite
class AuditCompletenessSqliteTest extends AuditCompletenessScenarios {}
