package org.carechat.identity;

import org.carechat.testing.OnPostgres;

@OnPostgres
class DeviceWipePostgresTest extends DeviceWipeScenarios {}
