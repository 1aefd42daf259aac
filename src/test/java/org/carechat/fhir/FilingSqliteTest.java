package org.carechat.fhir;

import org.carechat.testing.OnSqlite;

@OnSqlite
class FilingSqliteTest extends FilingScenarios {}
