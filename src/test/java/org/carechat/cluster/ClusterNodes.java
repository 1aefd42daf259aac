package org.carechat.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.carechat.CareChatApplication;
import org.carechat.testing.StorageInitializers;
import org.carechat.testing.TestPostgres;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts CareChat nodes in cluster mode in this JVM, each on its own port, all on one fresh PostgreSQL database and
 * one master key file — as several processes behind a load balancer would be.
 */
final class ClusterNodes implements AutoCloseable {

    private final TestPostgres.Database database = TestPostgres.newDatabase();
    private final Path shared = tempDir("carechat-cluster-");
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    ConfigurableApplicationContext start() {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + freePort(),
                "--server.address=127.0.0.1",
                "--carechat.storage=postgresql",
                "--carechat.cluster.enabled=true",
                "--carechat.data-dir=" + tempDir("carechat-node-"),
                "--carechat.master-key-file=" + shared.resolve("master-key.json"),
                "--carechat.postgres.url=" + database.url(),
                "--carechat.postgres.username=" + database.username(),
                "--carechat.postgres.password=" + database.password(),
                "--carechat.postgres.pool-size=8",
                "--logging.level.root=WARN"));
        StorageInitializers.UNLIMITED.forEach(limit -> args.add("--" + limit));
        ConfigurableApplicationContext node =
                SpringApplication.run(CareChatApplication.class, args.toArray(String[]::new));
        nodes.add(node);
        return node;
    }

    static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }

    TestPostgres.Database database() {
        return database;
    }

    @Override
    public void close() {
        nodes.forEach(ConfigurableApplicationContext::close);
    }

    private static Path tempDir(String prefix) {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            return Files.createTempDirectory(target, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
