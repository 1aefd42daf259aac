package org.carechat.audit;

import org.carechat.testing.OnSqlite;

@OnSqlite
class AuditChainSqliteTest extends AuditChainScenarios {}
