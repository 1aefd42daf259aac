package org.carechat.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.carechat.system.CareChatProperties;
import org.carechat.system.SafeLog;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rings between nodes over PostgreSQL {@code LISTEN/NOTIFY} (channel {@value #CHANNEL}).
 *
 * <p>Publishing is {@code pg_notify} in the transaction that makes the change, so PostgreSQL delivers it exactly when
 * that commits — a node that dies right after a commit cannot lose the ring. Every node listens on a connection of
 * its own (outside the pool) on one platform thread, skips its own rings (delivered in-process already) and hands
 * the others to the {@link Doorbell}. When that connection fails, or a periodic check finds it dead, the listener
 * reconnects with back-off and then asks for a re-sync: rings sent meanwhile are lost, so every open socket re-reads
 * its conversations from its cursors. Payloads are ids and numbers only (well under PostgreSQL's 8,000-byte limit).
 */
final class PostgresBell implements ClusterBell {

    static final String CHANNEL = "carechat";
    /** The listener's connection shows under this name in {@code pg_stat_activity}. */
    static final String LISTENER_NAME = "carechat-cluster-listener";

    private static final Logger log = LoggerFactory.getLogger(PostgresBell.class);
    private static final int POLL_MILLIS = 500;
    private static final int CHECK_EVERY_POLLS = 10;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final CareChatProperties.Postgres database;
    private final String nodeId = UUID.randomUUID().toString();
    private final Doorbell doorbell;
    private final Thread listener;
    private volatile boolean running = true;
    private volatile Connection connection;

    /** What travels: the ring and the node that rang it. */
    record Envelope(String node, Ring ring) {}

    PostgresBell(JdbcClient jdbc, JsonMapper json, CareChatProperties properties, Doorbell doorbell) {
        this.jdbc = jdbc;
        this.json = json;
        this.database = properties.postgres();
        this.doorbell = doorbell;
        this.listener =
                Thread.ofPlatform().daemon().name("carechat-cluster-listener").start(this::listen);
    }

    @Override
    public void publish(Ring ring) {
        jdbc.sql("SELECT pg_notify(?, ?)")
                .params(CHANNEL, json.writeValueAsString(new Envelope(nodeId, ring)))
                .query()
                .singleValue();
    }

    private void listen() {
        long backoff = 100;
        boolean first = true;
        while (running) {
            try (Connection c = DriverManager.getConnection(database.url(), listenerProperties())) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                if (!first) {
                    log.info("cluster listener reconnected; re-syncing open sockets");
                    doorbell.resyncFromCluster();
                }
                first = false;
                backoff = 100;
                receive(c);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("cluster listener lost its connection ({}); reconnecting", SafeLog.describe(e));
                first = false;
                sleep(backoff);
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    private java.util.Properties listenerProperties() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", database.username());
        p.setProperty("password", database.password());
        p.setProperty("ApplicationName", LISTENER_NAME);
        return p;
    }

    private void receive(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        int polls = 0;
        while (running) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    Envelope envelope = json.readValue(notification.getParameter(), Envelope.class);
                    if (!nodeId.equals(envelope.node())) {
                        doorbell.deliverFromCluster(envelope.ring());
                    }
                }
            }
            if (++polls % CHECK_EVERY_POLLS == 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1"); // a silently dead connection shows here, not in getNotifications
                }
            }
        }
    }

    void stop() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // stopping anyway
            }
        }
        listener.interrupt();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
