package org.carechat.security;

import org.carechat.testing.OnPostgres;

@OnPostgres
class LogHygienePostgresTest extends LogHygieneScenarios {}
