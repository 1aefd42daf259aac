package org.carechat.crypto;

import org.carechat.testing.OnSqlite;

@OnSqlite
class EncryptionAtRestSqliteTest extends EncryptionAtRestScenarios {}
