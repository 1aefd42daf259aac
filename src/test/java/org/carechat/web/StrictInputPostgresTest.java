package org.carechat.web;

import org.carechat.testing.OnPostgres;

@OnPostgres
class StrictInputPostgresTest extends StrictInputScenarios {}
