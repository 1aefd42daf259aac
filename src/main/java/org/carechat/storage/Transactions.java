package org.carechat.storage;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs units of work in database transactions.
 *
 * <p>{@link #write} is for anything that changes data. On SQLite, which has one writer, write transactions take
 * turns on a fair in-process lock instead of spinning in SQLite's busy handler: that handler sleeps in growing
 * steps, which turns contention into long latency tails. On PostgreSQL the lock is not taken; row locks order
 * the writers. {@link #separate} runs in a new transaction of its own even inside another one (used for audit
 * rows of refused actions, which must survive the caller's rollback).
 */
@Component
public class Transactions {

    private final TransactionTemplate required;
    private final TransactionTemplate requiresNew;
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);
    private final boolean serialiseWrites;

    Transactions(PlatformTransactionManager transactionManager, Dialect dialect) {
        this.required = new TransactionTemplate(transactionManager);
        this.requiresNew = new TransactionTemplate(transactionManager);
        this.requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.serialiseWrites = !dialect.concurrentWriters();
    }

    /** Runs {@code work} in a transaction (joining the current one if there is one) and returns its result. */
    public <T> T write(Supplier<T> work) {
        return locked(() -> required.execute(status -> work.get()));
    }

    /** Runs {@code work} in a transaction of its own, committed whatever happens to the caller's. */
    public <T> T separate(Supplier<T> work) {
        return locked(() -> requiresNew.execute(status -> work.get()));
    }

    private <T> T locked(Supplier<T> work) {
        if (!serialiseWrites) {
            return work.get();
        }
        sqliteWriter.lock();
        try {
            return work.get();
        } finally {
            sqliteWriter.unlock();
        }
    }
}
