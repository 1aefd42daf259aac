package org.carechat.identity;

import org.carechat.testing.OnPostgres;

@OnPostgres
class SignInPostgresTest extends SignInScenarios {}
