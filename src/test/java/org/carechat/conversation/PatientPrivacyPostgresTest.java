package org.carechat.conversation;

import org.carechat.testing.OnPostgres;

@OnPostgres
class PatientPrivacyPostgresTest extends PatientPrivacyScenarios {}
