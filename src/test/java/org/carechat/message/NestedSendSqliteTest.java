package org.carechat.message;

import org.carechat.testing.OnSqlite;

@OnSqlite
class NestedSendSqliteTest extends NestedSendScenarios {}
