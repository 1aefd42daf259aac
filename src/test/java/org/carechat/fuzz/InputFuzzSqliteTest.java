package org.carechat.fuzz;

import org.carechat.testing.OnSqlite;

@OnSqlite
class InputFuzzSqliteTest extends InputFuzzScenarios {}
