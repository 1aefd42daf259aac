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
    private final int perOrganisation;
    private final long waitMillis;
    private final Map<String, Semaphore> byOrganisation = new ConcurrentHashMap<>();

    SendAdmission(CareChatProperties properties) {
        CareChatProperties.Overload overload = properties.overload();
        this.total = new Semaphore(overload.maxSends(), true);
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
        Semaphore mine = byOrganisation.computeIfAbsent(orgId, id -> new Semaphore(perOrganisation));
        if (!mine.tryAcquire()) {
            return null;
        }
        boolean admitted = false;
        try {
            admitted = total.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!admitted) {
                mine.release();
            }
        }
        if (!admitted) {
            return null;
        }
        return () -> {
            total.release();
            mine.release();
        };
    }

    /** Seconds after which a refused send is worth retrying. */
    public long retryAfterSeconds() {
        return Math.max(1, Duration.ofMillis(waitMillis).toSeconds());
    }
}
