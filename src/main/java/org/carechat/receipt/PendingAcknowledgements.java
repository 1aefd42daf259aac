package org.carechat.receipt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.carechat.identity.CurrentUser;
import org.carechat.storage.Transactions;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Delivery acknowledgements from sockets, written behind and coalesced (issue #20; docs/delivery.md §Acknowledgements).
 *
 * <p>An acknowledgement is a cumulative hint: a device's delivered cursor and its member's delivered marker only move
 * forward. So per device and conversation only the newest {@code upTo} of a {@link #WINDOW} is kept, and when the
 * window ends every device's newest acknowledgement is written in <b>one</b> transaction (on SQLite through the
 * writer's group commit, on PostgreSQL as a transaction of its own): one commit serves many acknowledgements of many
 * devices and conversations instead of one commit each.
 *
 * <p>What this may cost: a crash (or a failed flush) loses at most the acknowledgements of one window. Nothing a
 * client saw is then contradicted — a receipt goes out only once its marker is committed — and the loss is made good
 * by the next acknowledgement, which is cumulative; a resume from this device's cursor may send again entries the
 * client already holds, which it drops by seq (docs/delivery.md §Resume). A graceful stop writes what is pending.
 *
 * <p>The access check is not here: the caller made it when the acknowledgement arrived, and answered a refusal then.
 * A member who leaves within the window has no marker left to move ({@link DeliveredMarkers}).
 */
@Component
class PendingAcknowledgements implements DisposableBean {

    /** How long an acknowledgement may wait for others to share its commit. */
    static final Duration WINDOW = Duration.ofMillis(100);

    /** Past this many waiting (devices × conversations), the window ends at once: memory stays bounded. */
    static final int MAX_PENDING = 10_000;

    private static final Logger log = LoggerFactory.getLogger(PendingAcknowledgements.class);

    private record Key(String deviceId, String conversationId) {}

    private final DeliveredMarkers markers;
    private final Transactions transactions;
    private final Clock clock;
    private final Counter received;
    private final Counter written;
    /** Guarded by {@code this}; replaced by a new map at each flush. */
    private Map<Key, Acknowledged> pending = new LinkedHashMap<>();

    private boolean scheduled;
    /** {@link #WINDOW}, except in a test that needs a burst to land in one window whatever the machine's load. */
    private volatile Duration window = WINDOW;

    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("acknowledgement-flush").daemon().factory());

    PendingAcknowledgements(DeliveredMarkers markers, Transactions transactions, Clock clock, MeterRegistry meters) {
        this.markers = markers;
        this.transactions = transactions;
        this.clock = clock;
        this.received = Counter.builder("carechat.receipt.acknowledgements.received")
                .description("Delivery acknowledgements taken from sockets, to be written behind")
                .register(meters);
        this.written = Counter.builder("carechat.receipt.acknowledgements.written")
                .description("Acknowledgements written: the newest per device and conversation of each window")
                .register(meters);
    }

    /** Keeps {@code upTo} as the device's newest acknowledgement of the conversation, written when the window ends. */
    void add(CurrentUser actor, String conversationId, String patientId, long upTo) {
        received.increment();
        Acknowledged acknowledged = new Acknowledged(actor, conversationId, patientId, upTo, clock.millis());
        boolean full;
        synchronized (this) {
            pending.merge(
                    new Key(actor.deviceId(), conversationId), acknowledged, (a, b) -> a.upTo() >= b.upTo() ? a : b);
            full = pending.size() >= MAX_PENDING;
            if (scheduled && !full) {
                return;
            }
            scheduled = true;
        }
        try {
            flusher.schedule(this::flush, full ? 0 : window.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the server is stopping: destroy() writes what is pending
        }
    }

    /** Writes the window's acknowledgements in one transaction; runs on the flusher thread only. */
    private void flush() {
        List<Acknowledged> due;
        synchronized (this) {
            scheduled = false;
            if (pending.isEmpty()) {
                return;
            }
            due = new ArrayList<>(pending.values());
            pending = new LinkedHashMap<>();
        }
        try {
            transactions.run(() -> markers.recordAll(due));
        } catch (RuntimeException batchFailed) {
            // One acknowledgement could not be written (its conversation purged meanwhile, say), or the database is
            // out of reach: each is tried alone, so one cannot take the others with it.
            log.warn(
                    "a batch of {} acknowledgements failed, writing them one by one: {}",
                    due.size(),
                    SafeLog.describe(batchFailed));
            due.forEach(this::writeAlone);
        }
        written.increment(due.size());
    }

    private void writeAlone(Acknowledged a) {
        try {
            transactions.run(a.conversationId(), () -> markers.recordAll(List.of(a)));
        } catch (RuntimeException e) {
            // a hint lost: the device's next acknowledgement, cumulative, carries it again
            log.warn("an acknowledgement could not be written: {}", SafeLog.describe(e));
        }
    }

    /** Sets the window (tests only). */
    void window(Duration window) {
        this.window = window;
    }

    /** Writes what is pending now (tests; a graceful stop). */
    void flushNow() {
        try {
            flusher.submit(this::flush).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            log.warn("pending acknowledgements were not written: {}", SafeLog.describe(e));
        }
    }

    @Override
    public void destroy() {
        flushNow();
        flusher.shutdownNow();
    }
}
