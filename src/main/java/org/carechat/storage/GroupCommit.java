package org.carechat.storage;

import java.util.ArrayList;
import java.util.List;
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
 * The single SQLite writer: a platform thread that takes the write units waiting in its queue, runs them in one
 * transaction, each inside its own savepoint, commits once, and only then answers each caller.
 *
 * <p>Guarantees: a caller's unit is committed when {@link #submit} returns, and not at all when it throws. A unit
 * that throws is rolled back to its savepoint (so a sequence number it took is given back) and its exception is
 * rethrown to its caller alone; the others in the batch are unaffected. If the commit itself fails, every unit
 * of the batch fails and none is stored. Units run one at a time in queue order. A unit's
 * {@link Transactions#afterCommit} actions run after the batch commits, and are dropped with the unit when it is
 * rolled back to its savepoint; synchronizations registered directly with Spring run for every unit of a committed
 * batch, so they must be meant for failures as well (an audit row of a refusal).
 *
 * <p>The queue is bounded: when the disk cannot keep up for {@value #OFFER_SECONDS} seconds, new units are
 * refused with 503 rather than queued without limit.
 */
final class GroupCommit {

    static final int MAX_BATCH = 128;
    static final int QUEUE = 10_000;
    static final int OFFER_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final TransactionTemplate transaction;
    private final BlockingQueue<Unit<?>> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;
    private volatile boolean running = true;
    /** Writer thread only: work deferred by callbacks of the current batch. */
    private final List<Supplier<?>> afterBatch = new ArrayList<>();

    GroupCommit(TransactionTemplate transaction) {
        this.transaction = transaction;
        this.writer =
                Thread.ofPlatform().name("carechat-sqlite-writer").daemon().start(this::loop);
    }

    boolean isWriterThread() {
        return Thread.currentThread() == writer;
    }

    <T> T submit(Supplier<T> work) {
        if (isWriterThread()) {
            throw new IllegalStateException("the writer cannot wait for itself");
        }
        Unit<T> unit = new Unit<>(work);
        try {
            if (!queue.offer(unit, OFFER_SECONDS, TimeUnit.SECONDS)) {
                throw ApiProblem.serviceUnavailable(
                        "The server is busy writing; nothing was changed. Try again in " + "a few seconds");
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
     * queue, and a second connection cannot write while the batch's holds the lock). A failure is logged by class.
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
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("the SQLite writer failed a batch: {}", SafeLog.describe(e));
                batch.forEach(unit -> unit.failIfPending(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<Unit<?>> batch) {
        try {
            transaction.execute(status -> {
                batch.forEach(unit -> unit.runIn(status));
                return null;
            });
        } catch (RuntimeException | Error commitFailed) {
            runDeferred();
            batch.forEach(unit -> unit.failIfPending(commitFailed));
            return;
        }
        runDeferred();
        batch.forEach(Unit::complete);
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

    void stop() {
        running = false;
        writer.interrupt();
        Unit<?> left;
        while ((left = queue.poll()) != null) {
            left.failIfPending(new IllegalStateException("the server is stopping"));
        }
    }

    /** One caller's work and, once the batch is over, its outcome. */
    private static final class Unit<T> {

        final Supplier<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        private T value;
        private Throwable failure;

        Unit(Supplier<T> work) {
            this.work = work;
        }

        void runIn(TransactionStatus status) {
            Object savepoint = status.createSavepoint();
            try {
                value = work.get();
                status.releaseSavepoint(savepoint);
            } catch (RuntimeException e) {
                status.rollbackToSavepoint(savepoint);
                failure = e;
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
