package org.carechat.retention;

import org.carechat.testing.OnSqlite;

@OnSqlite
class PatientRightsSqliteTest extends PatientRightsScenarios {}
