package org.carechat.patient;

import org.carechat.testing.OnPostgres;

@OnPostgres
class PatientImportPostgresTest extends PatientImportScenarios {}
