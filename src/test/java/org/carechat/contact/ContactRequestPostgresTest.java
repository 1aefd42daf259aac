package org.carechat.contact;

import org.carechat.testing.OnPostgresWithPatientChannels;

@OnPostgresWithPatientChannels
class ContactRequestPostgresTest extends ContactRequestScenarios {}
