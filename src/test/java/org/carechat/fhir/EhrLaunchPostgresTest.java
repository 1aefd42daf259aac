package org.carechat.fhir;

import org.carechat.testing.OnPostgres;

@OnPostgres
class EhrLaunchPostgresTest extends EhrLaunchScenarios {}
