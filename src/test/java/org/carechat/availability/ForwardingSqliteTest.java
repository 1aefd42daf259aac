package org.carechat.availability;

import org.carechat.testing.OnSqlite;

@OnSqlite
class ForwardingSqliteTest extends ForwardingScenarios {}
