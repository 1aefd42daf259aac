package org.carechat.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells the live-delivery layer that something changed — on this node in-process, and in cluster mode
 * ({@code carechat.cluster.enabled}) on every other node too, over PostgreSQL {@code LISTEN/NOTIFY}
 * ({@link PostgresBell}).
 *
 * <p>Rings about committed data are delivered only after the commit ({@link #ringAfterCommit}), and only when the
 * unit of work that rang is committed (not undone to its savepoint), so a listener that reads the database on a ring
 * always finds what the ring announced; to other nodes they are published inside the unit's transaction, so they
 * travel exactly when it commits (and not at all when the unit is undone). Listeners run on their own virtual thread, not on the
 * committing one: the sender's answer never waits for fan-out (and on SQLite the single writer is free again at
 * once). Rings may therefore be handled out of order; listeners read current state, and markers only grow, so
 * clients keep the highest value they have seen. When rings from other nodes may have been missed (the cluster
 * listener lost its connection), re-sync listeners are called.
 */
@Component
public class Doorbell implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Doorbell.class);

    private final List<Consumer<Ring>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> resyncListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatch = Executors.newVirtualThreadPerTaskExecutor();
    private final ClusterBell bell;
    private final Transactions transactions;

    Doorbell(CareChatProperties properties, JdbcClient jdbc, JsonMapper json, Transactions transactions) {
        this.transactions = transactions;
        this.bell = properties.cluster().enabled()
                ? new PostgresBell(jdbc, json, properties, this, transactions)
                : ClusterBell.SINGLE_NODE;
        if (properties.cluster().enabled()) {
            log.info("cluster mode: rings travel between nodes over PostgreSQL LISTEN/NOTIFY");
        }
    }

    public void subscribe(Consumer<Ring> listener) {
        listeners.add(listener);
    }

    /** {@code listener} is told when rings from other nodes may have been lost: re-read from the cursors. */
    public void subscribeResync(Runnable listener) {
        resyncListeners.add(listener);
    }

    /** Rings now, here and on the other nodes: for ephemeral signals such as typing. */
    public void ring(Ring ring) {
        execute(() -> {
            try {
                bell.publish(ring);
            } catch (RuntimeException e) {
                log.warn("a ring could not be sent to the other nodes: {}", SafeLog.describe(e));
            }
            deliver(ring);
        });
    }

    /**
     * Rings once the current unit of work has committed (on other nodes: published in its transaction, so it travels
     * with the commit); at once when there is no transaction; never when the unit is undone.
     */
    public void ringAfterCommit(Ring ring) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            ring(ring);
            return;
        }
        bell.publish(ring);
        transactions.afterCommit(() -> execute(() -> deliver(ring)));
    }

    /** A ring from another node. */
    void deliverFromCluster(Ring ring) {
        execute(() -> deliver(ring));
    }

    /** Rings from other nodes may have been lost. */
    void resyncFromCluster() {
        execute(() -> resyncListeners.forEach(listener -> {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("a re-sync listener failed: {}", SafeLog.describe(e));
            }
        }));
    }

    private void execute(Runnable task) {
        try {
            dispatch.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // the server is stopping; clients resume from their cursors when it is back
        }
    }

    private void deliver(Ring ring) {
        for (Consumer<Ring> listener : listeners) {
            try {
                listener.accept(ring);
            } catch (RuntimeException e) {
                log.warn("a doorbell listener failed: {}", SafeLog.describe(e));
            }
        }
    }

    @Override
    public void destroy() {
        if (bell instanceof PostgresBell postgres) {
            postgres.stop();
        }
        dispatch.shutdownNow();
    }
}
