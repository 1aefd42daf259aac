package org.carechat.audit;

import org.carechat.testing.OnPostgres;

@OnPostgres
class AuditTrailPostgresTest extends AuditTrailScenarios {}
