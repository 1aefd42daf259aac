package org.carechat.push;

import org.carechat.testing.OnPostgres;

@OnPostgres
class PushPostgresTest extends PushScenarios {}
