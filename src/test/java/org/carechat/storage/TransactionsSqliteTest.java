package org.carechat.storage;

import org.carechat.testing.OnSqlite;

@OnSqlite
class TransactionsSqliteTest extends TransactionsScenarios {}
