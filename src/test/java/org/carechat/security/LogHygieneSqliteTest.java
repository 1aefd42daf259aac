package org.carechat.security;

import org.carechat.testing.OnSqlite;

@OnSqlite
class LogHygieneSqliteTest extends LogHygieneScenarios {}
