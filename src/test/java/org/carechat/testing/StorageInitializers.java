package org.carechat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Point a test server at a fresh SQLite file or a fresh PostgreSQL database. */
public final class StorageInitializers {

    private StorageInitializers() {}

    static Path tempDir() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "carechat-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rates far above the defaults, for servers whose tests send hundreds of messages or sign in many times from
     * 127.0.0.1 in a minute. The rate-limit scenarios use the {@code ...WithDefaultLimits} initializers instead.
     */
    public static final List<String> UNLIMITED = List.of(
            "carechat.limits.sign-ins-per-address=1000000/1m",
            "carechat.limits.sends-per-user=1000000/1m",
            "carechat.limits.sends-per-address=1000000/1m",
            "carechat.limits.frames-per-user=1000000/1m",
            "carechat.limits.frames-per-address=1000000/1m",
            "carechat.limits.uploads-per-user=1000000/1m",
            "carechat.limits.contact-forms-per-address=1000000/1m",
            "carechat.limits.contact-forms-per-number=1000000/1m",
            "carechat.limits.public-reads-per-address=1000000/1m",
            // the in-process push service (PushServiceStub) listens on plain HTTP at 127.0.0.1
            "carechat.push.allow-plain-loopback=true",
            "carechat.push.endpoint-hosts=push.example.invalid");

    public static class Sqlite implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            sqlite(context, UNLIMITED);
        }
    }

    public static class SqliteWithDefaultLimits
            implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            sqlite(context, List.of());
        }
    }

    public static class Postgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            postgres(context, UNLIMITED);
        }
    }

    public static class PostgresWithDefaultLimits
            implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            postgres(context, List.of());
        }
    }

    /** A fresh SQLite file with {@code properties} ({@code name=value}) on top. */
    public static void sqlite(ConfigurableApplicationContext context, List<String> properties) {
        sqliteWith(context, properties);
    }

    /** A fresh PostgreSQL database with {@code properties} ({@code name=value}) on top. */
    public static void postgres(ConfigurableApplicationContext context, List<String> properties) {
        postgresWith(context, properties);
    }

    /**
     * Test servers trust the loopback address as their reverse proxy, so tests can act from many addresses with
     * {@code X-Forwarded-For}; another loopback address (127.0.0.2) is then an untrusted client.
     */
    static final String TRUSTED_PROXY = "carechat.trusted-proxies=127.0.0.1";

    /**
     * The retention job never runs on its own in a test server: a test that moves the shared clock a year on must not
     * have another test's conversations purged under it. The retention scenarios run it themselves.
     */
    static final String NO_SCHEDULED_PURGE = "carechat.retention.first-run-after=3650d";

    /** Nor does the EHR worker tick on its own: the EHR scenarios run its passes themselves, one at a time. */
    static final String NO_SCHEDULED_EHR_SYNC = "carechat.fhir.tick=0s";

    private static void sqliteWith(ConfigurableApplicationContext context, List<String> limits) {
        TestPropertyValues.of(
                        "carechat.storage=sqlite",
                        "carechat.data-dir=" + tempDir(),
                        TRUSTED_PROXY,
                        NO_SCHEDULED_PURGE,
                        NO_SCHEDULED_EHR_SYNC)
                .and(limits)
                .applyTo(context.getEnvironment());
    }

    private static void postgresWith(ConfigurableApplicationContext context, List<String> limits) {
        TestPostgres.Database db = TestPostgres.newDatabase();
        TestPropertyValues.of(
                        "carechat.storage=postgresql",
                        "carechat.data-dir=" + tempDir(),
                        TRUSTED_PROXY,
                        NO_SCHEDULED_PURGE,
                        NO_SCHEDULED_EHR_SYNC,
                        "carechat.postgres.url=" + db.url(),
                        "carechat.postgres.username=" + db.username(),
                        "carechat.postgres.password=" + db.password())
                .and(limits)
                .applyTo(context.getEnvironment());
    }
}
