package org.carechat.sms;

import org.carechat.testing.OnSqliteWithPatientChannels;

@OnSqliteWithPatientChannels
class SmsInboxSqliteTest extends SmsInboxScenarios {}
