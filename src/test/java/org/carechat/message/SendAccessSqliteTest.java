package org.carechat.message;

import org.carechat.testing.OnSqlite;

@OnSqlite
class SendAccessSqliteTest extends SendAccessScenarios {}
