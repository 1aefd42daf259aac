package org.carechat.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs units of work in database transactions.
 *
 * <p>{@link #write} (and {@link #run}) is for anything that changes data; it returns once the unit is committed (or
 * throws, with nothing of the unit stored). On PostgreSQL each unit is its own transaction and row locks order the
 * writers. SQLite has a single writer and pays an fsync per commit, so there units are handed to a
 * {@link GroupCommit} writer that runs the units waiting at that moment in one transaction, each inside its own
 * savepoint, and commits them with one fsync: throughput grows with load instead of queueing behind the disk.
 *
 * <p>A unit called inside another one (a forwarded copy sent from within the original's send) joins the caller's
 * transaction under a savepoint of its own: when it throws, exactly its writes are undone — a sequence number it took
 * is given back — and the caller may catch the refusal and carry on.
 *
 * <p>{@link #afterCommit} actions belong to the unit that registered them: they run once the transaction it is part
 * of has committed, in the order registered, and never when that unit was undone — by a rollback, or by a rollback to
 * its savepoint while the rest of the transaction (another unit of a SQLite batch, or the caller) commits. So an
 * after-commit action may do more than hint (fill a cache of committed entries): it runs exactly when its unit's
 * writes are committed. {@link #beforeCommit} actions belong to their unit likewise, and run inside the transaction
 * just before it commits (the cluster's notifications of a whole batch go out in one statement that way).
 *
 * <p>On PostgreSQL, units about one conversation ({@link #write(String, Supplier)}: sends, acknowledgements) are
 * group-committed likewise, in several writer lanes chosen by conversation, so that PostgreSQL's concurrency is
 * used ({@code carechat.postgres.writer-lanes}); other units are transactions of their own.
 *
 * <p>{@link #separate} runs in a new transaction of its own even inside another one (used for audit rows of
 * refused actions, which must survive the caller's rollback).
 */
@Component
public class Transactions implements DisposableBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Transactions.class);

    /**
     * Per thread, the after-commit actions of the units in progress, innermost first. A unit's actions move to its
     * caller's list when it succeeds, are dropped when it throws, and are handed to the transaction when the
     * outermost unit succeeds.
     */
    private static final ThreadLocal<Deque<UnitActions>> PENDING = ThreadLocal.withInitial(ArrayDeque::new);

    /** What a unit registered to run just before and right after its transaction commits. */
    private record UnitActions(List<Runnable> beforeCommit, List<Runnable> afterCommit) {
        UnitActions() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        boolean isEmpty() {
            return beforeCommit.isEmpty() && afterCommit.isEmpty();
        }

        void addAll(UnitActions inner) {
            beforeCommit.addAll(inner.beforeCommit);
            afterCommit.addAll(inner.afterCommit);
        }
    }

    private final TransactionTemplate required;
    private final TransactionTemplate requiresNew;
    private final TransactionTemplate nested;
    /** SQLite's single writer; null on PostgreSQL. */
    private final GroupCommit groupCommit;
    /** PostgreSQL's writer lanes for units about one conversation ({@link #write(String, Supplier)}); or none. */
    private final List<GroupCommit> lanes;

    Transactions(
            PlatformTransactionManager transactionManager,
            Dialect dialect,
            org.carechat.system.CareChatProperties properties,
            org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.required = new TransactionTemplate(transactionManager);
        this.requiresNew = new TransactionTemplate(transactionManager);
        this.requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.nested = new TransactionTemplate(transactionManager);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        if (!dialect.concurrentWriters()) {
            this.groupCommit = new GroupCommit("carechat-sqlite-writer", required);
            this.lanes = List.of();
        } else {
            this.groupCommit = null;
            String lockTimeout = "SET LOCAL lock_timeout = '" + LANE_LOCK_TIMEOUT_MS + "ms'";
            this.lanes = java.util.stream.IntStream.range(
                            0, properties.postgres().writerLanes())
                    .mapToObj(lane -> new GroupCommit(
                            "carechat-writer-lane-" + lane,
                            required,
                            () -> jdbc.sql(lockTimeout).update(),
                            new Detours("carechat-writer-lane-" + lane, required)))
                    .toList();
        }
    }

    /**
     * How long a writer lane's batch waits for a row lock before the unit leaves the lane and waits on a
     * {@link Detours detour} of its own.
     */
    static final int LANE_LOCK_TIMEOUT_MS = 50;

    /**
     * Runs {@code work} in a transaction and returns its result after the commit. Inside a transaction it joins it,
     * under a savepoint: if {@code work} throws, its own writes are undone and the caller's stay.
     */
    public <T> T write(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // A savepoint, not plain participation: a participating TransactionTemplate would mark the whole
            // transaction rollback-only when the inner work throws, even if the caller handles the exception.
            return nested.execute(status -> unit(work, false));
        }
        if (groupCommit == null) {
            return required.execute(status -> unit(work, true));
        }
        if (groupCommit.isWriterThread()) {
            throw new IllegalStateException("the SQLite writer cannot start a write outside its batch");
        }
        return groupCommit.submit(() -> unit(work, true));
    }

    /**
     * {@link #write} for a unit about one conversation (a send, an acknowledgement): on PostgreSQL it shares a
     * transaction, and its commit, with the other units of its writer lane that arrive meanwhile — each still under
     * its own savepoint and answered only after the commit, as SQLite's writer does. A conversation's units always
     * take the same lane, so they run in the order they arrive and never wait for another lane's seq lock. A unit
     * that meets a row lock held elsewhere leaves the lane with its conversation's later units and waits for it in a
     * transaction of its own ({@link Detours}): only that conversation waits.
     */
    public <T> T write(String conversationId, Supplier<T> work) {
        if (lanes.isEmpty()
                || TransactionSynchronizationManager.isActualTransactionActive()
                || lanes.stream().anyMatch(GroupCommit::isWriterThread)) {
            return write(work);
        }
        GroupCommit lane = lanes.get(Math.floorMod(conversationId.hashCode(), lanes.size()));
        return lane.submit(conversationId, () -> unit(work, true));
    }

    /** {@link #write(String, Supplier)} for work with no result. */
    public void run(String conversationId, Runnable work) {
        write(conversationId, () -> {
            work.run();
            return null;
        });
    }

    /** {@link #write} for work with no result. */
    public void run(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code action} once the current unit's transaction has committed — never if the unit is undone (see the
     * class comment); at once when there is no transaction. An action that throws is logged and does not stop the
     * others.
     */
    public void afterCommit(Runnable action) {
        addToUnit(action, UnitActions::afterCommit);
    }

    /**
     * Runs {@code action} inside the current transaction, just before it commits, once the current unit has
     * succeeded — never if the unit is undone (as {@link #afterCommit}); at once when there is no transaction. The
     * actions of a batch's units run in the order the units ran, before any synchronization registered directly with
     * Spring at the default order (which may so collect what they leave, and write it in the same transaction). An
     * action that throws fails the commit: every unit of the transaction fails, none is stored.
     */
    public void beforeCommit(Runnable action) {
        addToUnit(action, UnitActions::beforeCommit);
    }

    /** Adds {@code action} to the current unit's list that {@code kind} names; runs it at once outside a transaction. */
    private static void addToUnit(Runnable action, java.util.function.Function<UnitActions, List<Runnable>> kind) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        Deque<UnitActions> units = PENDING.get();
        if (units.isEmpty()) {
            // A transaction begun elsewhere (not through this class): bound to it as a whole.
            UnitActions alone = new UnitActions();
            kind.apply(alone).add(action);
            register(alone);
        } else {
            kind.apply(units.peek()).add(action);
        }
    }

    /**
     * Runs {@code action} once the current transaction is over, committed or rolled back (to drop a cache entry
     * the transaction may have made stale either way); at once when there is none.
     */
    public void afterCompletion(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                action.run();
            }
        });
    }

    /**
     * Runs {@code work} in a transaction of its own, committed whatever happens to the caller's.
     *
     * <p>On SQLite, when called on the writer thread (from a callback of its batch, such as the audit row of a
     * refusal), the work runs in its own transaction right after the batch and this returns {@code null} at once:
     * a second connection cannot write while the batch's connection holds the lock (sqlite-jdbc begins the next
     * transaction as soon as one ends), and the writer cannot wait for its own queue.
     */
    public <T> T separate(Supplier<T> work) {
        for (GroupCommit lane : lanes) {
            if (lane.isWriterThread()) {
                // a new transaction could wait for a row lock the lane's batch holds, and the lane for it
                lane.afterBatch(() -> unit(work, true));
                return null;
            }
        }
        if (groupCommit == null) {
            return requiresNew.execute(status -> unit(work, true));
        }
        if (groupCommit.isWriterThread()) {
            groupCommit.afterBatch(() -> unit(work, true));
            return null;
        }
        return groupCommit.submit(() -> unit(work, true));
    }

    /**
     * Runs one unit, collecting the after-commit actions it registers: dropped if it throws; on success, handed to
     * the enclosing unit, or to the transaction when there is none (a transaction of its own, or one unit of a
     * SQLite batch, whose actions must not mix with the other units').
     */
    private static <T> T unit(Supplier<T> work, boolean ownTransaction) {
        Deque<UnitActions> enclosing = PENDING.get();
        Deque<UnitActions> units = ownTransaction ? new ArrayDeque<>() : enclosing;
        PENDING.set(units);
        UnitActions actions = new UnitActions();
        units.push(actions);
        T result;
        try {
            result = work.get();
        } finally {
            units.pop();
            if (enclosing.isEmpty()) {
                PENDING.remove();
            } else {
                PENDING.set(enclosing);
            }
        }
        if (!actions.isEmpty()) {
            UnitActions caller = units.peek();
            if (caller == null) {
                register(actions);
            } else {
                caller.addAll(actions);
            }
        }
        return result;
    }

    /** Below Spring's default order: a unit's before-commit actions run before synchronizations registered directly. */
    private static final int UNIT_ORDER = org.springframework.core.Ordered.LOWEST_PRECEDENCE - 1;

    private static void register(UnitActions actions) {
        if (!actions.beforeCommit().isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public int getOrder() {
                    return UNIT_ORDER;
                }

                @Override
                public void beforeCommit(boolean readOnly) {
                    actions.beforeCommit().forEach(Runnable::run);
                }
            });
        }
        if (!actions.afterCommit().isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    for (Runnable action : actions.afterCommit()) {
                        try {
                            action.run();
                        } catch (RuntimeException e) {
                            log.warn("an after-commit action failed: {}", SafeLog.describe(e));
                        }
                    }
                }
            });
        }
    }

    /**
     * Below the web server's phases (its graceful shutdown at {@code MAX_VALUE - 1024}, its stop at {@code - 2048}):
     * {@link #stop} runs once the server takes no more requests or frames, and before any bean is destroyed.
     */
    static final int WRITERS_PHASE = Integer.MAX_VALUE - 4096;

    /** How long a stop waits for the writes queued before it. */
    private static final java.time.Duration DRAIN = java.time.Duration.ofSeconds(10);

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * The server is stopping and takes no more requests or frames: commits the writes still queued while every bean
     * their after-commit actions use (live delivery, push decisions) is there — they used to run, or fail, after
     * those beans were destroyed. The writers keep taking work until {@link #destroy}, so what beans write as they
     * are destroyed (pending acknowledgements, socket uses) is still written.
     */
    @Override
    public void stop() {
        List<GroupCommit> writers = groupCommit != null ? List.of(groupCommit) : lanes;
        for (GroupCommit writer : writers) {
            if (!writer.awaitIdle(DRAIN)) {
                log.warn("writes were still queued {} s after the server began to stop", DRAIN.toSeconds());
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return WRITERS_PHASE;
    }

    @Override
    public void destroy() {
        if (groupCommit != null) {
            groupCommit.stop();
        }
        lanes.forEach(GroupCommit::stop);
    }
}
