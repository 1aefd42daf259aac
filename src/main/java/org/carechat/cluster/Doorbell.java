package org.carechat.cluster;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the live-delivery layer that something changed. On one node this is an in-process call; cluster mode
 * (issue #8) carries the same rings over PostgreSQL {@code LISTEN/NOTIFY} behind this class.
 *
 * <p>Rings about committed data are sent only after the commit ({@link #ringAfterCommit}), so a listener that
 * reads the database on a ring always finds what the ring announced. Listeners run on their own virtual thread,
 * not on the committing one: the sender's answer never waits for fan-out (and on SQLite the single writer is
 * free again at once). Rings may therefore be handled out of order; listeners read current state, and markers
 * only grow, so clients keep the highest value they have seen.
 */
@Component
public class Doorbell implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Doorbell.class);

    private final List<Consumer<Ring>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatch = Executors.newVirtualThreadPerTaskExecutor();

    public void subscribe(Consumer<Ring> listener) {
        listeners.add(listener);
    }

    /** Rings now: for ephemeral signals such as typing. */
    public void ring(Ring ring) {
        try {
            dispatch.execute(() -> deliver(ring));
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

    /** Rings once the current transaction has committed; at once when there is none; never on rollback. */
    public void ringAfterCommit(Ring ring) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            ring(ring);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                ring(ring);
            }
        });
    }

    @Override
    public void destroy() {
        dispatch.shutdownNow();
    }
}
