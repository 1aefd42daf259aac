package org.carechat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    public static class Sqlite implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("carechat.storage=sqlite", "carechat.data-dir=" + tempDir())
                    .applyTo(context.getEnvironment());
        }
    }

    public static class Postgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPostgres.Database db = TestPostgres.newDatabase();
            TestPropertyValues.of("carechat.storage=postgresql", "carechat.data-dir=" + tempDir(),
                            "carechat.postgres.url=" + db.url(), "carechat.postgres.username=" + db.username(),
                            "carechat.postgres.password=" + db.password())
                    .applyTo(context.getEnvironment());
        }
    }
}
