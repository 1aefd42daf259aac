package org.carechat.crypto;

import java.util.List;
import org.carechat.testing.TestPostgres;

class MissingRetentionKeyFilePostgresTest extends MissingRetentionKeyFileScenarios {

    private final TestPostgres.Database database = TestPostgres.newDatabase();

    @Override
    List<String> storage() {
        return List.of(
                "--carechat.storage=postgresql",
                "--carechat.postgres.url=" + database.url(),
                "--carechat.postgres.username=" + database.username(),
                "--carechat.postgres.password=" + database.password());
    }
}
