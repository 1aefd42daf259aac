package org.carechat.system;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Keeps overload explicit and fair (docs/operations.md §Overload): at most {@code carechat.overload.max-sends}
 * sends are in progress on this node at once, and one organisation may hold at most its share of them, so a flood
 * from one tenant leaves room for the others. A send that finds no room within {@code carechat.overload.wait} is
 * refused — never queued without bound, never dropped silently — and the caller answers 429 with a retry hint.
 */
@Component
public class SendAdmission {

    /** A place taken by one send; give it back when the send is over. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final Semaphore total;
    private final int maxSends;
    private final int perOrganisation;
    private final long waitMillis;
    private final Map<String, Semaphore> byOrganisation = new ConcurrentHashMap<>();

    SendAdmission(CareChatProperties properties) {
        CareChatProperties.Overload overload = properties.overload();
        this.maxSends = overload.maxSends();
        this.total = new Semaphore(maxSends, true);
        this.perOrganisation = Math.max(1, (int) Math.floor(overload.maxSends() * overload.organisationShare()));
        this.waitMillis = overload.waitFor().toMillis();
    }

    /**
     * Takes a place for a send of {@code orgId}.
     *
     * @return the permit, or {@code null} when there is no room: the organisation already holds its share, or the
     *         node stays full for the whole wait
     */
    public Permit enter(String orgId) {
        Semaphore mine = byOrganisation.computeIfAbsent(orgId, id -> new Semaphore(perOrganisation, true));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        boolean admitted = false;
        try {
            // Both waits share one deadline: a burst that passes within it (a collection pause, a slow fsync) is
            // absorbed rather than refused; only a node (or an organisation) that stays full is.
            if (!mine.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                return null;
            }
            try {
                admitted = total.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } finally {
                if (!admitted) {
                    mine.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!admitted) {
            return null;
        }
        return () -> {
            total.release();
            mine.release();
        };
    }

    /**
     * How many sends hold a place now: admitted and not yet over, whether running or waiting for a row lock, a
     * connection or their writer lane.
     */
    public int inProgress() {
        return maxSends - total.availablePermits();
    }

    /** Seconds after which a refused send is worth retrying. */
    public long retryAfterSeconds() {
        return Math.max(1, Duration.ofMillis(waitMillis).toSeconds());
    }
}
