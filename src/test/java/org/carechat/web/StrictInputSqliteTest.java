package org.carechat.web;

import org.carechat.testing.OnSqlite;

@OnSqlite
class StrictInputSqliteTest extends StrictInputScenarios {}
