package org.carechat.retention;

import org.carechat.testing.OnPostgres;

@OnPostgres
class RetentionSettingsPostgresTest extends RetentionSettingsScenarios {}
