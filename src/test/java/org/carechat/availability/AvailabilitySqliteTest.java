package org.carechat.availability;

import org.carechat.testing.OnSqlite;

@OnSqlite
class AvailabilitySqliteTest extends AvailabilityScenarios {}
