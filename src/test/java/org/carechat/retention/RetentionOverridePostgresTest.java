package org.carechat.retention;

import org.carechat.testing.OnPostgres;

@OnPostgres
class RetentionOverridePostgresTest extends RetentionOverrideScenarios {}
