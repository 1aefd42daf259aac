package org.carechat.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After a migration run in which a {@link DataMigration} rewrote rows (encrypting values that were stored in plain
 * text), compacts the tables it named, so that the old values are not left behind in free space: an updated or
 * dropped value stays in the database file until its page is reused.
 *
 * <p>SQLite: {@code VACUUM} rewrites the whole file from its live rows, then a truncating checkpoint empties the
 * write-ahead log, whose older frames still held the pages as they were. PostgreSQL: {@code VACUUM FULL} rewrites each
 * table into a new file (dropped columns come out as nulls) and the old file is emptied at commit. What PostgreSQL
 * wrote to its write-ahead log before the upgrade stays there until it recycles those segments, and backups taken
 * before the upgrade keep the plain text: docs/security.md says so.
 */
@Component
class PlainTextScrub implements Callback {

    private static final Logger log = LoggerFactory.getLogger(PlainTextScrub.class);

    private final List<DataMigration> migrations;
    private final Dialect dialect;

    PlainTextScrub(List<DataMigration> migrations, Dialect dialect) {
        this.migrations = migrations;
        this.dialect = dialect;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return false; // VACUUM cannot run inside a transaction
    }

    @Override
    public void handle(Event event, Context context) {
        TreeSet<String> tables = new TreeSet<>();
        migrations.stream().filter(m -> m.rewritten() > 0).forEach(m -> tables.addAll(m.tables()));
        if (tables.isEmpty()) {
            return;
        }
        try {
            scrub(context.getConnection(), tables);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compact the database after encrypting its identifying data", e);
        }
        log.info("compacted {} after encrypting the rows stored in plain text before", tables);
    }

    private void scrub(Connection connection, TreeSet<String> tables) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            switch (dialect) {
                case SQLITE -> {
                    statement.execute("VACUUM");
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                case POSTGRESQL -> statement.execute("VACUUM FULL " + String.join(", ", tables));
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    @Override
    public String getCallbackName() {
        return "plain-text scrub";
    }
}
