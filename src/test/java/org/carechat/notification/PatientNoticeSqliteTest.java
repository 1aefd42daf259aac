package org.carechat.notification;

import org.carechat.testing.OnSqliteWithPatientChannels;

@OnSqliteWithPatientChannels
class PatientNoticeSqliteTest extends PatientNoticeScenarios {}
