package org.carechat.security;

import org.carechat.testing.OnSqliteWithPatientChannels;

@OnSqliteWithPatientChannels
class PatientLogHygieneSqliteTest extends PatientLogHygieneScenarios {}
