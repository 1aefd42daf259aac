package org.carechat.contact;

import org.carechat.testing.OnSqliteWithPatientChannels;

@OnSqliteWithPatientChannels
class ContactSmsSqliteTest extends ContactSmsScenarios {}
