package org.carechat.observability;

import org.carechat.testing.OnSqliteWithPatientChannels;

@OnSqliteWithPatientChannels
class ObservabilitySqliteTest extends ObservabilityScenarios {}
