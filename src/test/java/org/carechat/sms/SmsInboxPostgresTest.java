package org.carechat.sms;

import org.carechat.testing.OnPostgresWithPatientChannels;

@OnPostgresWithPatientChannels
class SmsInboxPostgresTest extends SmsInboxScenarios {}
