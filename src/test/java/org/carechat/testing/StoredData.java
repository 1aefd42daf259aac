package org.carechat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.carechat.storage.Dialect;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What a database holds at rest, for the tests that look there for plaintext (T-CRY-01, attachments). */
public final class StoredData {

    private StoredData() {}

    /** Every value of every table, as text (binary columns decoded as Latin-1, so any plaintext would show). */
    public static String everyValueAsText(JdbcClient jdbc, Dialect dialect) {
        StringBuilder all = new StringBuilder();
        List<String> tables = switch (dialect) {
            case SQLITE ->
                jdbc.sql("SELECT name FROM sqlite_master WHERE type = 'table'")
                        .query(String.class)
                        .list();
            case POSTGRESQL ->
                jdbc.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                        .query(String.class)
                        .list();
        };
        for (String table : tables) {
            for (Map<String, Object> row :
                    jdbc.sql("SELECT * FROM " + table).query().listOfRows()) {
                row.values()
                        .forEach(v -> all.append(
                                        v instanceof byte[] b
                                                ? new String(b, StandardCharsets.ISO_8859_1)
                                                : String.valueOf(v))
                                .append('\n'));
            }
        }
        return all.toString();
    }

    /**
     * The files holding this database: the SQLite file and its WAL under {@code dataDir}, or PostgreSQL's database
     * directory and WAL (after a checkpoint).
     */
    public static List<Path> databaseFiles(JdbcClient jdbc, Dialect dialect, Path dataDir) throws IOException {
        return files(jdbc, dialect, dataDir, true);
    }

    /**
     * The files holding this database's tables: the SQLite file and its WAL under {@code dataDir}, or PostgreSQL's
     * database directory (after a checkpoint) without its write-ahead log.
     */
    public static List<Path> tableFiles(JdbcClient jdbc, Dialect dialect, Path dataDir) throws IOException {
        return files(jdbc, dialect, dataDir, false);
    }

    /**
     * A file of the database as text (Latin-1, so any plaintext shows), or nothing when the database removed it since
     * it was listed (PostgreSQL rewrites files such as {@code pg_internal.init} at any time).
     */
    public static String text(Path file) throws IOException {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException gone) {
            return "";
        }
    }

    private static List<Path> files(JdbcClient jdbc, Dialect dialect, Path dataDir, boolean withPostgresWal)
            throws IOException {
        List<Path> roots = new ArrayList<>();
        switch (dialect) {
            case SQLITE -> roots.add(dataDir);
            case POSTGRESQL -> {
                jdbc.sql("CHECKPOINT").update();
                Path dataDirectory = Path.of(
                        jdbc.sql("SHOW data_directory").query(String.class).single());
                long oid = jdbc.sql("SELECT oid FROM pg_database WHERE datname = current_database()")
                        .query(Long.class)
                        .single();
                roots.add(dataDirectory.resolve("base").resolve(Long.toString(oid)));
                if (withPostgresWal) {
                    roots.add(dataDirectory.resolve("pg_wal"));
                }
            }
        }
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            assertThat(root)
                    .as("the database files must be readable to this test")
                    .isDirectory();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        assertThat(files).isNotEmpty();
        return files;
    }
}
