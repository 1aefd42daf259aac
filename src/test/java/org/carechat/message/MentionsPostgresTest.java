package org.carechat.message;

import org.carechat.testing.OnPostgres;

@OnPostgres
class MentionsPostgresTest extends MentionsScenarios {}
