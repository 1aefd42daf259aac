package org.carechat.storage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.carechat.system.SafeLog;
import org.carechat.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A writer lane: a platform thread that takes the write units waiting in its queue, runs them in one transaction,
 * each inside its own savepoint, commits once, and only then answers each caller. SQLite has one lane for every
 * write; PostgreSQL has several for sends and acknowledgements, each conversation always in the same lane.
 *
 * <p>Guarantees: a caller's unit is committed when {@link #submit} returns, and not at all when it throws. A unit
 * that throws is rolled back to its savepoint (on PostgreSQL's lanes savepoints are not released, saving a round
 * trip per unit: each nests in the one before) (so a sequence number it took is given back) and its exception is
 * rethrown to its caller alone; the others in the batch are unaffected. If the commit itself fails, every unit
 * of the batch fails and none is stored. Units run one at a time in queue order. A unit's
 * {@link Transactions#afterCommit} actions run after the batch commits, and are dropped with the unit when it is
 * rolled back to its savepoint; synchronizations registered directly with Spring run for every unit of a committed
 * batch, so they must be meant for failures as well (an audit row of a refusal).
 *
 * <p>Lock waits (PostgreSQL, a unit submitted with its conversation): a batch holds its units' row locks until it
 * commits, so two lanes may wait for each other (both append to one user's audit chain), and a transaction outside
 * the lanes may hold a conversation's row for as long as it likes. The lane's transaction waits for a lock at most
 * {@code lockTimeout} ({@link #beforeBatch}); a unit that waited longer, or lost a deadlock, is rolled back to its
 * savepoint and leaves the lane: once the batch is over it runs on a {@link Detours detour}, in a transaction of its
 * own that waits for the lock as long as it takes, and its conversation's later units follow it there in order until
 * the detour is empty. The lane goes on at once with the other conversations' units of its batch.
 *
 * <p>The queue is bounded: when the database cannot keep up for {@value #OFFER_SECONDS} seconds, new units are
 * refused with 503 rather than queued without limit.
 */
final class GroupCommit {

    static final int MAX_BATCH = 128;
    static final int QUEUE = 10_000;
    static final int OFFER_SECONDS = 5;
    /** PostgreSQL: lock_timeout reached, deadlock detected. */
    private static final Set<String> LOCK_WAIT_STATES = Set.of("55P03", "40P01");

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final TransactionTemplate transaction;
    private final Runnable beforeBatch;
    private final BlockingQueue<Unit<?>> queue = new ArrayBlockingQueue<>(QUEUE);
    /** The writer is running a batch (set once it took the batch's first unit from the queue). */
    private volatile boolean inBatch;

    private final Thread writer;
    private volatile boolean running = true;
    /** Writer thread only: work deferred by callbacks of the current batch. */
    private final List<Supplier<?>> afterBatch = new ArrayList<>();
    /** Writer thread only: the units of the current batch that left the lane for a detour. */
    private final List<Unit<?>> leftLane = new ArrayList<>();
    /** Conversations whose units left the lane for a lock wait; null when units have no conversation (SQLite). */
    private final Detours detours;

    /** SQLite's single writer: units have no conversation, and no lock waits. */
    GroupCommit(String name, TransactionTemplate transaction) {
        this(name, transaction, () -> {}, null);
    }

    /**
     * @param beforeBatch run first in each batch's transaction (PostgreSQL: its lock timeout)
     * @param detours where a unit that meets a held row lock goes with its conversation's later units
     */
    GroupCommit(String name, TransactionTemplate transaction, Runnable beforeBatch, Detours detours) {
        this.transaction = transaction;
        this.beforeBatch = beforeBatch;
        this.detours = detours;
        this.writer = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    boolean isWriterThread() {
        return Thread.currentThread() == writer;
    }

    <T> T submit(Supplier<T> work) {
        return submit(null, work);
    }

    /**
     * Runs {@code work} in the lane's next batch; {@code conversation} (with {@link Detours}) names the units that
     * must keep their order when one of them leaves the lane for a lock wait.
     */
    <T> T submit(String conversation, Supplier<T> work) {
        if (isWriterThread()) {
            throw new IllegalStateException("the writer cannot wait for itself");
        }
        Unit<T> unit = new Unit<>(detours == null ? null : conversation, work);
        try {
            if (!running) {
                throw stopping();
            }
            if (!queue.offer(unit, OFFER_SECONDS, TimeUnit.SECONDS)) {
                throw ApiProblem.serviceUnavailable(
                        "The server is busy writing; nothing was changed. Try again in " + "a few seconds");
            }
            if (!running && queue.remove(unit)) {
                throw stopping(); // offered while the lane stopped: nobody would run it
            }
            return unit.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a write", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * For the writer thread itself, from a callback of its batch: runs {@code work} in a transaction of its own
     * right after the batch's transaction is over and its connection released (the writer cannot wait for its own
     * queue, and a second connection may need a lock the batch holds). A failure is logged by class.
     */
    void afterBatch(Supplier<?> work) {
        if (!isWriterThread()) {
            throw new IllegalStateException("only the writer thread defers work after its batch");
        }
        afterBatch.add(work);
    }

    private void loop() {
        List<Unit<?>> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Unit<?> first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                inBatch = true;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("a writer lane failed a batch: {}", SafeLog.describe(e));
                failInLane(batch, e);
                startDetours();
            } finally {
                batch.clear();
                inBatch = false;
            }
        }
    }

    private void runBatch(List<Unit<?>> batch) {
        leftLane.clear();
        try {
            transaction.execute(status -> {
                beforeBatch.run();
                for (Unit<?> unit : batch) {
                    if (detours != null && detours.follow(unit)) {
                        leftLane.add(unit); // its conversation is on a detour: it runs there, after the units before it
                    } else if (!unit.runIn(status, detours == null)) {
                        leftLane.add(unit);
                        detours.open(unit);
                    }
                }
                return null;
            });
        } catch (RuntimeException | Error commitFailed) {
            runDeferred();
            failInLane(batch, commitFailed); // ran or not yet, every unit the lane kept fails with the batch
            startDetours();
            return;
        }
        runDeferred();
        batch.stream().filter(unit -> !leftLane.contains(unit)).forEach(Unit::complete);
        startDetours();
    }

    /** Fails the units of {@code batch} still in the lane; those on a detour are answered there. */
    private void failInLane(List<Unit<?>> batch, Throwable e) {
        batch.stream().filter(unit -> !leftLane.contains(unit)).forEach(unit -> unit.failIfPending(e));
    }

    /** Once the batch's locks are released: detoured units wait for theirs without holding up the lane. */
    private void startDetours() {
        if (detours != null) {
            detours.startOpened();
        }
    }

    /** Runs what the batch's callbacks deferred (audit rows of refusals), each in its own transaction. */
    private void runDeferred() {
        while (!afterBatch.isEmpty()) {
            Supplier<?> work = afterBatch.removeFirst();
            try {
                transaction.execute(status -> work.get());
            } catch (RuntimeException e) {
                log.error("a deferred write failed: {}", SafeLog.describe(e));
            }
        }
    }

    /**
     * Waits until nothing is queued and no batch is running, for at most {@code limit}: the writes that arrived
     * before the server began to stop are committed, their after-commit actions run. Returns whether it got there.
     * (Idle is seen twice, 10 ms apart, as a unit just taken from the queue may not have marked its batch yet.)
     */
    boolean awaitIdle(java.time.Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        int idleSeen = 0;
        while (System.nanoTime() < deadline) {
            idleSeen = queue.isEmpty() && !inBatch ? idleSeen + 1 : 0;
            if (idleSeen == 2) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    void stop() {
        running = false;
        writer.interrupt();
        Unit<?> left;
        while ((left = queue.poll()) != null) {
            left.failIfPending(stopping());
        }
    }

    /** The answer to work that arrives while the server stops: nothing was written, the client tries again. */
    private static ApiProblem stopping() {
        return ApiProblem.serviceUnavailable("The server is stopping; nothing was changed. Try again in a few seconds");
    }

    /** Whether {@code e} says a statement waited too long for a row lock, or lost a deadlock. */
    static boolean waitedForLock(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && LOCK_WAIT_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** One caller's work and, once the batch (or its detour) is over, its outcome. */
    static final class Unit<T> {

        /** The conversation whose units must keep their order; null when they need not leave the lane. */
        final String conversation;

        final Supplier<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        private T value;
        private Throwable failure;

        Unit(String conversation, Supplier<T> work) {
            this.conversation = conversation;
            this.work = work;
        }

        /**
         * Runs the work under a savepoint; false when it met a held row lock and must leave the lane (rolled back,
         * nothing of it kept). Without {@code release} (PostgreSQL's lanes) the savepoint stays until the commit:
         * {@code RELEASE SAVEPOINT} is one more round trip per unit, and the next unit's savepoint nests inside it,
         * which rolling back to that one alone does not disturb.
         */
        boolean runIn(TransactionStatus status, boolean release) {
            Object savepoint = status.createSavepoint();
            try {
                value = work.get();
                if (release) {
                    status.releaseSavepoint(savepoint);
                }
                return true;
            } catch (RuntimeException e) {
                status.rollbackToSavepoint(savepoint);
                if (conversation != null && waitedForLock(e)) {
                    return false;
                }
                failure = e;
                return true;
            }
        }

        /**
         * On a detour: runs the work in a transaction of its own, waiting for locks as long as it takes, and answers
         * the caller after its commit. A deadlock PostgreSQL broke by rolling this transaction back is tried again.
         */
        void runAlone(TransactionTemplate transaction, int attempts) {
            for (int attempt = 1; ; attempt++) {
                try {
                    result.complete(transaction.execute(status -> work.get()));
                    return;
                } catch (RuntimeException | Error e) {
                    if (attempt < attempts && waitedForLock(e)) {
                        continue;
                    }
                    result.completeExceptionally(e);
                    return;
                }
            }
        }

        /** After a successful commit: the unit's own outcome. */
        void complete() {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        }

        void failIfPending(Throwable e) {
            result.completeExceptionally(failure != null ? failure : e);
        }
    }
}
