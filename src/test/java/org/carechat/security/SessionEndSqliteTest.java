package org.carechat.security;

import org.carechat.testing.OnSqlite;

@OnSqlite
class SessionEndSqliteTest extends SessionEndScenarios {}
