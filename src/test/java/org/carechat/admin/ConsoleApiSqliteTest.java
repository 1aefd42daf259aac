package org.carechat.admin;

import org.carechat.testing.OnSqlite;

@OnSqlite
class ConsoleApiSqliteTest extends ConsoleApiScenarios {}
