package org.carechat.identity.sso;

import org.carechat.testing.OnPostgres;

@OnPostgres
class SsoSettingsPostgresTest extends SsoSettingsScenarios {}
