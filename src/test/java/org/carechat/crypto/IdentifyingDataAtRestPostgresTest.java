package org.carechat.crypto;

import org.carechat.testing.OnPostgres;

@OnPostgres
class IdentifyingDataAtRestPostgresTest extends IdentifyingDataAtRestScenarios {}
