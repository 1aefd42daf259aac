package org.carechat.security;

import org.carechat.testing.OnSqlite;

@OnSqlite
class AccessControlOverWebSocketSqliteTest extends AccessControlOverWebSocketScenarios {}
