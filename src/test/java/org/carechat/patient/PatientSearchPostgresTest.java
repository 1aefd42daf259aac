package org.carechat.patient;

import org.carechat.testing.OnPostgres;

@OnPostgres
class PatientSearchPostgresTest extends PatientSearchScenarios {}
