package org.carechat.crypto;

import java.util.List;
import javax.sql.DataSource;
import org.carechat.storage.Dialect;
import org.carechat.testing.TestPostgres;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * On PostgreSQL the tables' files are checked; what PostgreSQL wrote to its write-ahead log before the upgrade stays
 * there until it recycles the segments (docs/security.md).
 */
class PlainTextMigrationPostgresTest extends PlainTextMigrationScenarios {

    private final TestPostgres.Database database = TestPostgres.newDatabase();

    @Override
    DataSource oldVersion() {
        return new DriverManagerDataSource(database.url(), database.username(), database.password());
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    List<String> storage() {
        return List.of(
                "--carechat.storage=postgresql",
                "--carechat.postgres.url=" + database.url(),
                "--carechat.postgres.username=" + database.username(),
                "--carechat.postgres.password=" + database.password());
    }
}
