package org.carechat.receipt;

import org.carechat.testing.OnSqlite;

@OnSqlite
class AcknowledgementAccessSqliteTest extends AcknowledgementAccessScenarios {}
