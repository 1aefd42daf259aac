package org.carechat.security;

import org.carechat.testing.OnPostgresWithPatientChannels;

@OnPostgresWithPatientChannels
class PatientLogHygienePostgresTest extends PatientLogHygieneScenarios {}
