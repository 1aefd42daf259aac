package org.carechat.retention;

import org.carechat.testing.OnSqlite;

@OnSqlite
class HoldsAndDischargeSqliteTest extends HoldsAndDischargeScenarios {}
