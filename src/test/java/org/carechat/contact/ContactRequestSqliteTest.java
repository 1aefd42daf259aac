package org.carechat.contact;

import org.carechat.testing.OnSqliteWithPatientChannels;

@OnSqliteWithPatientChannels
class ContactRequestSqliteTest extends ContactRequestScenarios {}
