package org.carechat.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.carechat.system.CareChatProperties;
import org.springframework.stereotype.Service;

/**
 * Online backups of the SQLite database and their check. A backup is {@code VACUUM INTO}: one consistent snapshot
 * taken while the server keeps running (WAL readers do not block the writer, and the copy holds every committed
 * transaction up to its start), written compact to a new file. Like the database it holds only ciphertext for
 * message text and identifying fields: it opens with the master key, which is backed up apart.
 */
@Service
public class SqliteBackup {

    /** Tables whose rows a backup check counts, so an operator sees the copy is not empty. */
    private static final List<String> COUNTED = List.of("organisation", "app_user", "message", "audit_event");

    private final DataSource dataSource;
    private final CareChatProperties properties;

    SqliteBackup(DataSource dataSource, CareChatProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    /**
     * Writes a consistent copy of the live database to {@code target}, which must not exist yet.
     *
     * @throws IllegalArgumentException when the storage is not SQLite, or the target exists or its folder does not
     */
    public void backup(Path target) {
        if (properties.storage() != CareChatProperties.Storage.SQLITE) {
            throw new IllegalArgumentException("backup copies the SQLite file; on PostgreSQL use pg_basebackup or "
                    + "pg_dump (docs/operations.md)");
        }
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute)) {
            throw new IllegalArgumentException(absolute + " exists already: name a new file");
        }
        if (absolute.getParent() == null || !Files.isDirectory(absolute.getParent())) {
            throw new IllegalArgumentException("the folder of " + absolute + " does not exist");
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, absolute.toString());
            vacuum.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "the backup to " + absolute + " failed: SQLite error " + e.getErrorCode(), e);
        }
    }

    /** What checking a backup file found; {@code sound()} when it can be restored as it is. */
    public record Check(
            String integrity,
            List<String> foreignKeyViolations,
            String schemaVersion,
            boolean migrationsComplete,
            Map<String, Long> rows) {

        public boolean sound() {
            return integrity.equals("ok") && foreignKeyViolations.isEmpty() && migrationsComplete;
        }
    }

    /**
     * Checks {@code file}, opened read-only (the server need not run): SQLite's integrity check, the foreign keys,
     * the schema version and that every migration in it succeeded, and the rows of the main tables.
     *
     * @throws IllegalArgumentException when there is no such file
     */
    public static Check verify(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no backup file at " + file.toAbsolutePath());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro");
                Statement s = c.createStatement()) {
            String integrity = single(s, "PRAGMA integrity_check");
            List<String> violations = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                while (rs.next()) {
                    violations.add(rs.getString(1) + " row " + rs.getLong(2) + " -> " + rs.getString(3));
                }
            }
            String version = single(
                    s,
                    "SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL "
                            + "ORDER BY installed_rank DESC LIMIT 1");
            boolean complete =
                    Long.parseLong(single(s, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 0")) == 0;
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : COUNTED) {
                rows.put(table, Long.parseLong(single(s, "SELECT COUNT(*) FROM " + table)));
            }
            return new Check(integrity, violations, version, complete, rows);
        } catch (SQLException e) {
            // A damaged or foreign file: a finding of the check, not a usage error.
            return new Check("unreadable (SQLite error " + e.getErrorCode() + ")", List.of(), null, false, Map.of());
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The size of {@code file} in bytes, for the operator's confirmation. */
    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
