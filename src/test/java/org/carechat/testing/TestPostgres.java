package org.carechat.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The real PostgreSQL the tests run against: the one named by {@code CARECHAT_TEST_POSTGRES_URL} (with
 * {@code CARECHAT_TEST_POSTGRES_USER} and {@code CARECHAT_TEST_POSTGRES_PASSWORD}), or else an embedded
 * PostgreSQL server (zonky, binaries from Maven) started once per test JVM. Each caller gets a fresh database.
 * Durability settings stay at PostgreSQL's safe defaults ({@code fsync}, {@code synchronous_commit} on).
 */
public final class TestPostgres {

    public record Database(String url, String username, String password) {}

    /** System property: start the embedded PostgreSQL with {@code pg_stat_statements} (the benchmark's count). */
    public static final String COUNT_STATEMENTS = "carechat.bench.statements";

    private static EmbeddedPostgres embedded;

    private TestPostgres() {}

    public static synchronized Database newDatabase() {
        String name = "carechat_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        String external = System.getenv("CARECHAT_TEST_POSTGRES_URL");
        if (external != null && !external.isBlank()) {
            String user = System.getenv().getOrDefault("CARECHAT_TEST_POSTGRES_USER", "postgres");
            String password = System.getenv().getOrDefault("CARECHAT_TEST_POSTGRES_PASSWORD", "");
            try (Connection c = java.sql.DriverManager.getConnection(external, user, password);
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create a test database on " + external, e);
            }
            return new Database(external.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1"), user, password);
        }
        try {
            if (embedded == null) {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "300");
                if (Boolean.getBoolean(COUNT_STATEMENTS)) {
                    // the benchmark's statement count (docs/performance.md): pg_stat_statements must be preloaded
                    builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
                }
                embedded = builder.start();
                Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop));
            }
            try (Connection c = embedded.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return new Database(embedded.getJdbcUrl("postgres", name), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
    }

    private static synchronized void stop() {
        try {
            if (embedded != null) {
                embedded.close();
            }
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }
}
