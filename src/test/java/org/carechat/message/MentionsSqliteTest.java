package org.carechat.message;

import org.carechat.testing.OnSqlite;

@OnSqlite
class MentionsSqliteTest extends MentionsScenarios {}
