package org.carechat.fuzz;

import org.carechat.testing.OnPostgres;

@OnPostgres
class InputFuzzPostgresTest extends InputFuzzScenarios {}
