package org.carechat.storage;

import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs units of work in database transactions.
 *
 * <p>{@link #write} is for anything that changes data; it returns once the unit is committed (or throws, with
 * nothing of the unit stored). On PostgreSQL each unit is its own transaction and row locks order the writers.
 * SQLite has a single writer and pays an fsync per commit, so there units are handed to a {@link GroupCommit}
 * writer that runs the units waiting at that moment in one transaction, each inside its own savepoint, and
 * commits them with one fsync: throughput grows with load instead of queueing behind the disk.
 *
 * <p>{@link #separate} runs in a new transaction of its own even inside another one (used for audit rows of
 * refused actions, which must survive the caller's rollback).
 */
@Component
public class Transactions implements DisposableBean {

    private final TransactionTemplate required;
    private final TransactionTemplate requiresNew;
    private final GroupCommit groupCommit;

    Transactions(PlatformTransactionManager transactionManager, Dialect dialect) {
        this.required = new TransactionTemplate(transactionManager);
        this.requiresNew = new TransactionTemplate(transactionManager);
        this.requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.groupCommit = dialect.concurrentWriters() ? null : new GroupCommit(required);
    }

    /**
     * Runs {@code work} in a transaction (joining the current one if there is one) and returns its result after
     * the commit.
     */
    public <T> T write(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // Joining: just run. (A nested TransactionTemplate would mark the whole transaction rollback-only when
            // the inner work throws, even if the caller handles the exception.)
            return work.get();
        }
        if (groupCommit == null) {
            return required.execute(status -> work.get());
        }
        if (groupCommit.isWriterThread()) {
            throw new IllegalStateException("the SQLite writer cannot start a write outside its batch");
        }
        return groupCommit.submit(work);
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
        if (groupCommit == null) {
            return requiresNew.execute(status -> work.get());
        }
        if (groupCommit.isWriterThread()) {
            groupCommit.afterBatch(work);
            return null;
        }
        return groupCommit.submit(work);
    }

    @Override
    public void destroy() {
        if (groupCommit != null) {
            groupCommit.stop();
        }
    }
}
