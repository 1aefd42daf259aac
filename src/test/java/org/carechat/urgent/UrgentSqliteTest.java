package org.carechat.urgent;

import org.carechat.testing.OnSqliteWithPatientChannels;

@OnSqliteWithPatientChannels
class UrgentSqliteTest extends UrgentScenarios {}
