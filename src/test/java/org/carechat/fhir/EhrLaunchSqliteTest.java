package org.carechat.fhir;

import org.carechat.testing.OnSqlite;

@OnSqlite
class EhrLaunchSqliteTest extends EhrLaunchScenarios {}
