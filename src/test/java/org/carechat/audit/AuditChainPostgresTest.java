package org.carechat.audit;

import org.carechat.testing.OnPostgres;

@OnPostgres
class AuditChainPostgresTest extends AuditChainScenarios {}
