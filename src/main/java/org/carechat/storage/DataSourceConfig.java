package org.carechat.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.carechat.system.CareChatProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database connection pool for the configured storage.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=FULL} (a commit is on disk before it returns, so an
 * acknowledged message survives a crash), foreign keys on, and {@code BEGIN IMMEDIATE} transactions so a
 * transaction that reads before it writes cannot fail half-way with {@code SQLITE_BUSY}; each of its connections keeps
 * its prepared statements ({@link SqliteConnections}). PostgreSQL keeps its
 * default {@code synchronous_commit=on}; docs/database.md says why it must stay so.
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfig {

    static final String SQLITE_FILE = "carechat.db";

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(CareChatProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("carechat");
        switch (properties.storage()) {
            case SQLITE -> {
                if (properties.cluster().enabled()) {
                    throw new IllegalStateException("Cluster mode (carechat.cluster.enabled) needs PostgreSQL: an "
                            + "SQLite file has one writer in one process. Set carechat.storage=postgresql, or turn "
                            + "cluster mode off to run one node on SQLite.");
                }
                Path file = sqliteFile(properties.dataDir());
                Properties sqlite = new Properties();
                sqlite.setProperty("journal_mode", "WAL");
                sqlite.setProperty("synchronous", "FULL");
                sqlite.setProperty("foreign_keys", "true");
                sqlite.setProperty("busy_timeout", "30000");
                sqlite.setProperty("transaction_mode", "IMMEDIATE");
                // Savepoints' and statements' journals in memory: with the default, a writer's batch (a savepoint per
                // unit) spilled them past 64 KiB into a new temporary file, written page by page (docs/performance.md,
                // "CPU per message"). A sort bigger than the page cache and a temporary table are in (native) memory
                // too.
                sqlite.setProperty("temp_store", "MEMORY");
                // The driver's generated keys: a "SELECT last_insert_rowid()" after every INSERT, its result left open
                // until the statement is next used. Nothing here asks for generated keys (ids are made by the server).
                sqlite.setProperty("jdbc.get_generated_keys", "false");
                config.setDataSource(new SqliteConnections("jdbc:sqlite:" + file, sqlite));
                // Writers are serialised in-process (Transactions); the extra connections serve concurrent reads.
                config.setMaximumPoolSize(8);
            }
            case POSTGRESQL -> {
                config.setJdbcUrl(properties.postgres().url());
                config.setUsername(properties.postgres().username());
                config.setPassword(properties.postgres().password());
                config.setMaximumPoolSize(properties.postgres().poolSize());
                // Overload shows as a clear 503 after a few seconds, not a request hanging for half a minute.
                config.setConnectionTimeout(5_000);
            }
        }
        return new HikariDataSource(config);
    }

    @Bean
    Dialect dialect(CareChatProperties properties) {
        return switch (properties.storage()) {
            case SQLITE -> Dialect.SQLITE;
            case POSTGRESQL -> Dialect.POSTGRESQL;
        };
    }

    /** Column types that differ between the two databases are Flyway placeholders in the common migrations. */
    @Bean
    FlywayConfigurationCustomizer carechatFlywayPlaceholders(Dialect dialect) {
        return configuration -> configuration
                .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.migrationFolder())
                .placeholders(Map.of("blob", dialect.blobType()));
    }

    /**
     * The database file, created owner-only (0600) before SQLite opens it: SQLite gives its {@code -wal} and
     * {@code -shm} files the database file's permissions, so all three hold data only the server's user can read. An
     * existing file (and its companions) is made owner-only too.
     */
    static Path sqliteFile(Path dataDir) {
        Path file = dataDir.resolve(SQLITE_FILE).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
            if (!supportsPosixPermissions(dataDir)) {
                return file;
            }
            if (Files.notExists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Path part = file.resolveSibling(SQLITE_FILE + suffix);
                if (Files.exists(part)) {
                    Files.setPosixFilePermissions(part, OWNER_ONLY);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the database file " + file, e);
        }
        return file;
    }

    /**
     * Whether the data folder's file store keeps POSIX permissions. Where the store cannot be found (a chroot on the
     * same file system as its parent has no mount entry for its root: the image check's), the file system decides.
     */
    private static boolean supportsPosixPermissions(Path dataDir) {
        try {
            return Files.getFileStore(dataDir).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException storeNotFound) {
            return dataDir.getFileSystem().supportedFileAttributeViews().contains("posix");
        }
    }

    private static final java.util.Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    static boolean hasExistingDatabase(CareChatProperties properties) {
        return Files.exists(properties.dataDir().resolve(SQLITE_FILE));
    }
}
