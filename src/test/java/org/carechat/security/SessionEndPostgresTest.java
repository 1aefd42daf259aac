package org.carechat.security;

import org.carechat.testing.OnPostgres;

@OnPostgres
class SessionEndPostgresTest extends SessionEndScenarios {}
