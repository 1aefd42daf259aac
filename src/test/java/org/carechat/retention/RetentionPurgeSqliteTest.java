package org.carechat.retention;

import java.nio.file.Files;
import java.nio.file.Path;
import org.carechat.testing.OnSqlite;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

@OnSqlite
class RetentionPurgeSqliteTest extends RetentionPurgeScenarios {

    /** A real copy of the database file ({@code VACUUM INTO}, a consistent snapshot), read through its own connection. */
    @Override
    BackupCopy copyOfDatabase(String conversationId) {
        try {
            Path copy = Files.createTempDirectory("carechat-backup").resolve("copy.db");
            jdbc.sql("VACUUM INTO '" + copy.toAbsolutePath() + "'").update();
            return rowsOf(JdbcClient.create(new DriverManagerDataSource("jdbc:sqlite:" + copy)), conversationId);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
