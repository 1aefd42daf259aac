package org.carechat.web;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Admits the database work a (re)connecting device brings — its WebSocket upgrade, whose authentication reads and
 * touches its token, and its {@code resume}, whose catch-up reads and audits — a few at a time, through a bounded
 * queue sized to the database pool. When a node restarts and thousands of devices come back at once, each then waits
 * its turn here (first come, first served) instead of all of them waiting on the pool at once, where most would time
 * out after 5 s and come back as retries, each costing a fresh upgrade.
 *
 * <p>{@code admitted} of them run at once: three quarters of the pool, so that sends and everything else keep a
 * quarter. At most {@value #WAITING_PER_CONNECTION} per pool connection wait, each at most {@link #MAX_WAIT}: one
 * more, or one that waited that long, is refused with {@link ApiProblem#busy()} (503 with {@code Retry-After}, or
 * 1013 on a socket) having done nothing, so the queue and the time spent in it stay bounded.
 */
@Component
public class DatabaseAdmission {

    static final int WAITING_PER_CONNECTION = 50;
    static final Duration MAX_WAIT = Duration.ofSeconds(20);

    private final Semaphore running;
    private final int admitted;
    private final int queueLimit;
    private final Duration maxWait;
    private final AtomicInteger waiting = new AtomicInteger();

    @Autowired
    DatabaseAdmission(DataSource dataSource) {
        this(poolSize(dataSource), MAX_WAIT);
    }

    DatabaseAdmission(int poolSize, Duration maxWait) {
        this.admitted = Math.max(1, poolSize - poolSize / 4);
        this.queueLimit = poolSize * WAITING_PER_CONNECTION;
        this.maxWait = maxWait;
        this.running = new Semaphore(admitted, true);
    }

    /**
     * Waits for this caller's turn; closing the turn lets the next one in. Use it with try-with-resources around the
     * admitted work.
     *
     * @throws ApiProblem {@link ApiProblem#busy()} when the queue is full or the turn did not come within the wait:
     *     the caller does nothing and answers that
     */
    public Turn enter() {
        if (waiting.incrementAndGet() > queueLimit) {
            waiting.decrementAndGet();
            throw ApiProblem.busy();
        }
        boolean turn;
        try {
            turn = running.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiProblem.busy();
        } finally {
            waiting.decrementAndGet();
        }
        if (!turn) {
            throw ApiProblem.busy();
        }
        return new Turn(running);
    }

    /** Runs {@code work} once its turn comes; see {@link #enter()}. */
    public void admit(Runnable work) {
        try (Turn ignored = enter()) {
            work.run();
        }
    }

    /** An admitted caller's turn, held until closed (once). */
    public static final class Turn implements AutoCloseable {

        private final Semaphore running;
        private boolean closed;

        private Turn(Semaphore running) {
            this.running = running;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                running.release();
            }
        }
    }

    /** How many run at once. */
    public int admitted() {
        return admitted;
    }

    /** How many wait for their turn now. */
    int waiting() {
        return waiting.get();
    }

    /** How many may wait for their turn before one more is refused. */
    public int queueLimit() {
        return queueLimit;
    }

    private static int poolSize(DataSource dataSource) {
        try {
            return dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
        } catch (SQLException notHikari) {
            return 10; // Hikari's own default
        }
    }
}
