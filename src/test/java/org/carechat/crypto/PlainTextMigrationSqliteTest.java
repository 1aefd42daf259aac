package org.carechat.crypto;

import java.util.List;
import javax.sql.DataSource;
import org.carechat.storage.Dialect;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

class PlainTextMigrationSqliteTest extends PlainTextMigrationScenarios {

    @Override
    DataSource oldVersion() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + dataDir.resolve("carechat.db"));
        return dataSource;
    }

    @Override
    Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    List<String> storage() {
        return List.of("--carechat.storage=sqlite");
    }
}
