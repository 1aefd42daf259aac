package org.carechat.urgent;

import org.carechat.testing.OnPostgresWithPatientChannels;

@OnPostgresWithPatientChannels
class UrgentPostgresTest extends UrgentScenarios {}
