package org.carechat.contact;

import org.carechat.testing.OnPostgresWithPatientChannels;

@OnPostgresWithPatientChannels
class ContactSmsPostgresTest extends ContactSmsScenarios {}
