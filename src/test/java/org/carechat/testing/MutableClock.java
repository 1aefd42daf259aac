package org.carechat.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system clock plus an offset tests can move forward, so time-outs are tested without sleeping; or, while
 * {@link #freezeAt frozen}, one instant that does not move until the test moves it (to test a deadline to the
 * millisecond).
 */
public final class MutableClock extends Clock {

    private static final long RUNNING = Long.MIN_VALUE;

    private final Clock base = Clock.systemUTC();
    private final AtomicLong offsetMillis = new AtomicLong();
    private final AtomicLong frozenAt = new AtomicLong(RUNNING);

    public void advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
        frozenAt.updateAndGet(at -> at == RUNNING ? RUNNING : at + by.toMillis());
    }

    /** Stops the clock at {@code instant}: it reads exactly that until moved by {@link #advance} or {@link #reset}. */
    public void freezeAt(Instant instant) {
        frozenAt.set(instant.toEpochMilli());
    }

    /** Moves the clock to {@code instant} (forwards or back). */
    public void setTo(Instant instant) {
        offsetMillis.set(instant.toEpochMilli() - base.millis());
        frozenAt.updateAndGet(at -> at == RUNNING ? RUNNING : instant.toEpochMilli());
    }

    /** Back to the system's time, running. */
    public void reset() {
        offsetMillis.set(0);
        frozenAt.set(RUNNING);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public long millis() {
        long frozen = frozenAt.get();
        return frozen != RUNNING ? frozen : base.millis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
