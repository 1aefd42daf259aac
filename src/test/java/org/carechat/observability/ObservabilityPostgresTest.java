package org.carechat.observability;

import org.carechat.testing.OnPostgresWithPatientChannels;

@OnPostgresWithPatientChannels
class ObservabilityPostgresTest extends ObservabilityScenarios {}
