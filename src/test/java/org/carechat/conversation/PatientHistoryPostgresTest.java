package org.carechat.conversation;

import org.carechat.testing.OnPostgres;

@OnPostgres
class PatientHistoryPostgresTest extends PatientHistoryScenarios {}
