package org.carechat.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.system.SafeLog;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rings between nodes over PostgreSQL {@code LISTEN/NOTIFY} (channel {@value #CHANNEL}).
 *
 * <p>Publishing is {@code pg_notify} in the transaction that makes the change, so PostgreSQL delivers it exactly when
 * that commits — a node that dies right after a commit cannot lose the ring. Every node listens on a connection of
 * its own (outside the pool) on one platform thread, skips its own rings (delivered in-process already) and hands
 * the others to the {@link Doorbell}. When that connection fails, or a periodic check finds it dead, the listener
 * reconnects with back-off and then asks for a re-sync: rings sent meanwhile are lost, so every open socket re-reads
 * its conversations from its cursors. Payloads are ids and numbers only; a transaction's rings travel together, in
 * notifications of at most {@value #PAYLOAD_BYTES} bytes (PostgreSQL's limit is 8,000).
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

    /** What travels: rings in the order they were rung, and the node that rang them. */
    record Envelope(String node, List<Ring> rings) {}

    /**
     * A notification's payload stays under this many bytes (PostgreSQL refuses 8,000 or more); a transaction's rings
     * beyond it go in a second notification, in order.
     */
    static final int PAYLOAD_BYTES = 7_000;

    /** The rings of the current transaction's committed units, published together just before it commits. */
    private static final Object OUTBOX = new Object();

    private final Transactions transactions;

    PostgresBell(
            JdbcClient jdbc,
            JsonMapper json,
            CareChatProperties properties,
            Doorbell doorbell,
            Transactions transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
        this.database = properties.postgres();
        this.doorbell = doorbell;
        this.listener =
                Thread.ofPlatform().daemon().name("carechat-cluster-listener").start(this::listen);
    }

    /**
     * Inside a transaction the ring waits in the transaction's outbox, and the outbox is published just before the
     * commit: a writer lane's batch (many sends and acknowledgements, two or three rings each) notifies once, not once
     * per ring (issue #20). A ring of a unit that is undone never reaches the outbox ({@link Transactions#beforeCommit}).
     */
    @Override
    public void publish(Ring ring) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            publishNow(List.of(ring));
            return;
        }
        List<Ring> outbox = outbox();
        transactions.beforeCommit(() -> outbox.add(ring));
    }

    @SuppressWarnings("unchecked")
    private List<Ring> outbox() {
        List<Ring> outbox = (List<Ring>) TransactionSynchronizationManager.getResource(OUTBOX);
        if (outbox != null) {
            return outbox;
        }
        List<Ring> created = new ArrayList<>();
        TransactionSynchronizationManager.bindResource(OUTBOX, created);
        // Spring's default order: after every unit's before-commit actions (Transactions), which fill the outbox.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                if (!created.isEmpty()) {
                    publishNow(created);
                }
            }

            // A transaction of its own begun inside this one (REQUIRES_NEW) gets an outbox of its own meanwhile.
            @Override
            public void suspend() {
                TransactionSynchronizationManager.unbindResource(OUTBOX);
            }

            @Override
            public void resume() {
                TransactionSynchronizationManager.bindResource(OUTBOX, created);
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(OUTBOX);
            }
        });
        return created;
    }

    /**
     * Publishes {@code rings} in order, in as few notifications as their size allows: each ring is written once, and
     * the envelope ({@link Envelope}: {@code {"node": …, "rings": [ … ]}}) is put together around them.
     */
    private void publishNow(List<Ring> rings) {
        List<String> chunk = new ArrayList<>();
        int size = 0;
        for (Ring ring : rings) {
            String written = json.writeValueAsString(ring); // ids and numbers: one byte a character
            if (!chunk.isEmpty() && size + written.length() + 1 > PAYLOAD_BYTES) {
                notifyWith(chunk);
                chunk = new ArrayList<>();
                size = 0;
            }
            chunk.add(written);
            size += written.length() + 1;
        }
        notifyWith(chunk);
    }

    private void notifyWith(List<String> writtenRings) {
        String envelope =
                "{\"node\":" + json.writeValueAsString(nodeId) + ",\"rings\":[" + String.join(",", writtenRings) + "]}";
        jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, envelope).query().singleValue();
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
                        envelope.rings().forEach(doorbell::deliverFromCluster);
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
