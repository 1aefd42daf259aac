package org.carechat.admin;

import org.carechat.testing.OnPostgres;

@OnPostgres
class ConsoleApiPostgresTest extends ConsoleApiScenarios {}
