package org.carechat.crypto;

import org.carechat.testing.OnPostgres;

@OnPostgres
class EncryptionAtRestPostgresTest extends EncryptionAtRestScenarios {}
