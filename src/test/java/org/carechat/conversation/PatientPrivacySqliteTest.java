package org.carechat.conversation;

import org.carechat.testing.OnSqlite;

@OnSqlite
class PatientPrivacySqliteTest extends PatientPrivacyScenarios {}
