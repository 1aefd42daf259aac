package org.carechat.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL server of the crash test's own (zonky's binaries, fsync and synchronous_commit on) on a fixed data
 * directory and port, so that it can be killed with SIGKILL and started again on the same data — crash recovery and
 * all, as after a power cut of the database host.
 */
final class CrashablePostgres implements AutoCloseable {

    static final String DATABASE = "carechat";

    private final Path dataDir;
    private final List<EmbeddedPostgres> instances = new ArrayList<>();
    private int port;

    CrashablePostgres(Path dataDir) {
        this.dataDir = dataDir;
        EmbeddedPostgres first = start(0);
        port = first.getPort();
        try (Connection c = first.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create the crash test's database", e);
        }
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** SIGKILL to the postmaster: its backends die with it, nothing is flushed that was not flushed already. */
    void kill() {
        long pid = postmasterPid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        // zonky's handle keeps a lock on the data directory: let it go. Its stop finds nothing left to stop and says
        // so as an ERROR with a stack trace, which would read like a failure of the run: quiet for that moment.
        EmbeddedPostgres dead = instances.removeLast();
        ch.qos.logback.classic.Logger zonky =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(EmbeddedPostgres.class);
        ch.qos.logback.classic.Level level = zonky.getLevel();
        zonky.setLevel(ch.qos.logback.classic.Level.OFF);
        try {
            dead.close();
        } catch (IOException | RuntimeException alreadyGone) {
            // the server is gone already
        } finally {
            zonky.setLevel(level);
        }
    }

    /** Starts PostgreSQL again on the same data directory and port (it recovers from its WAL). */
    void restart() {
        start(port);
    }

    private EmbeddedPostgres start(int fixedPort) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "100");
            if (fixedPort > 0) {
                builder.setPort(fixedPort);
            }
            EmbeddedPostgres pg = builder.start();
            instances.add(pg);
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the crash test's PostgreSQL", e);
        }
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8)
                    .getFirst()
                    .strip());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running", e);
        }
    }

    @Override
    public void close() {
        try {
            ProcessHandle.of(postmasterPid()).ifPresent(ProcessHandle::destroy);
        } catch (UncheckedIOException notRunning) {
            // already stopped
        }
    }
}
