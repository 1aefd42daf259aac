package org.carechat.conversation;

import org.carechat.testing.OnSqlite;

@OnSqlite
class PatientHistorySqliteTest extends PatientHistoryScenarios {}
