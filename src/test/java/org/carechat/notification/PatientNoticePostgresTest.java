package org.carechat.notification;

import org.carechat.testing.OnPostgresWithPatientChannels;

@OnPostgresWithPatientChannels
class PatientNoticePostgresTest extends PatientNoticeScenarios {}
