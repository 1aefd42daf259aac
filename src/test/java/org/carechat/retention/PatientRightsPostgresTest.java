package org.carechat.retention;

import org.carechat.testing.OnPostgres;

@OnPostgres
class PatientRightsPostgresTest extends PatientRightsScenarios {}
