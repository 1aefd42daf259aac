package org.carechat.realtime;

import org.carechat.testing.OnPostgres;

@OnPostgres
class OfflineCatchUpPostgresTest extends OfflineCatchUpScenarios {}
