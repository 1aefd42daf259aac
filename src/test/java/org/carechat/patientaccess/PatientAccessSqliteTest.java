package org.carechat.patientaccess;

import org.carechat.testing.OnSqliteWithPatientChannels;

@OnSqliteWithPatientChannels
class PatientAccessSqliteTest extends PatientAccessScenarios {}
