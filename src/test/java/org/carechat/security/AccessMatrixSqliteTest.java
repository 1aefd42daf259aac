package org.carechat.security;

import org.carechat.testing.OnSqlite;

@OnSqlite
class AccessMatrixSqliteTest extends AccessMatrixScenarios {}
