package org.carechat.fhir;

import org.carechat.testing.OnSqlite;

@OnSqlite
class RecordCareTeamSqliteTest extends RecordCareTeamScenarios {}
