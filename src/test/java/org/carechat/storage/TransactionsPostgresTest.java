package org.carechat.storage;

import org.carechat.testing.OnPostgres;

@OnPostgres
class TransactionsPostgresTest extends TransactionsScenarios {}
