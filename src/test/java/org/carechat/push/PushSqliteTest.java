package org.carechat.push;

import org.carechat.testing.OnSqlite;

@OnSqlite
class PushSqliteTest extends PushScenarios {}
