package org.carechat.patient;

import org.carechat.testing.OnSqlite;

@OnSqlite
class PatientSearchSqliteTest extends PatientSearchScenarios {}
