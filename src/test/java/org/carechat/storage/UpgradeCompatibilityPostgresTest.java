package org.carechat.storage;

import javax.sql.DataSource;
import org.carechat.testing.TestPostgres;
import org.postgresql.ds.PGSimpleDataSource;

class UpgradeCompatibilityPostgresTest extends UpgradeCompatibilityScenarios {

    @Override
    DataSource freshDatabase() {
        TestPostgres.Database db = TestPostgres.newDatabase();
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl(db.url());
        database.setUser(db.username());
        database.setPassword(db.password());
        return database;
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
