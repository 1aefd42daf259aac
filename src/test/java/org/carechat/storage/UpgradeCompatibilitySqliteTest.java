package org.carechat.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

class UpgradeCompatibilitySqliteTest extends UpgradeCompatibilityScenarios {

    @Override
    DataSource freshDatabase() {
        try {
            Path dir = Files.createDirectories(Path.of("target")).toAbsolutePath();
            SQLiteDataSource database = new SQLiteDataSource();
            database.setUrl("jdbc:sqlite:" + Files.createTempFile(dir, "upgrade-", ".db"));
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    Dialect dialect() {
        return Dialect.SQLITE;
    }
}
