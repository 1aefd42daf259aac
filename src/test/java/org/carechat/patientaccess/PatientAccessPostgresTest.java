package org.carechat.patientaccess;

import org.carechat.testing.OnPostgresWithPatientChannels;

@OnPostgresWithPatientChannels
class PatientAccessPostgresTest extends PatientAccessScenarios {}
