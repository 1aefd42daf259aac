package org.carechat.crypto;

import org.carechat.testing.OnSqlite;

@OnSqlite
class IdentifyingDataAtRestSqliteTest extends IdentifyingDataAtRestScenarios {}
