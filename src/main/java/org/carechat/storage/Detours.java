package org.carechat.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where a writer lane's unit goes when it meets a row lock held by someone else (PostgreSQL): the conversation leaves
 * the lane until the lock is free, so only that conversation waits.
 *
 * <p>The unit that met the lock opens a detour for its conversation; every later unit of that conversation the lane
 * takes (in the same batch or a later one) is queued behind it instead of running in the lane. Once the lane's batch
 * is over — its commit, which the units before it in the conversation are part of, has happened or failed — a virtual
 * thread runs the detour's units one after another, each in a transaction of its own with no lock timeout (a send
 * waits for a held conversation as it would with no lanes at all) and answered after its commit. When its queue is
 * empty the detour closes and the conversation's next unit runs in the lane again. So a conversation's units keep
 * their arrival order across the lane and its detour, and a seq taken by a unit that left is given back by the
 * rollback to its savepoint: seqs stay gap-free.
 *
 * <p>A unit meets a held lock in the lane after the lane's {@code lock_timeout}; on its detour it waits without one.
 * A detour's transaction that PostgreSQL picks as a deadlock victim is tried again, up to {@value #ATTEMPTS} times.
 */
final class Detours {

    static final int ATTEMPTS = 5;

    private static final Logger log = LoggerFactory.getLogger(Detours.class);

    private final String name;
    private final TransactionTemplate transaction;
    /** The units waiting on each open detour, by conversation; the entry stays while its last unit runs. */
    private final Map<String, ArrayDeque<GroupCommit.Unit<?>>> open = new HashMap<>();
    /** Writer thread only: detours opened during the current batch, to start once it is over. */
    private final List<String> toStart = new ArrayList<>();

    Detours(String name, TransactionTemplate transaction) {
        this.name = name;
        this.transaction = transaction;
    }

    /** Writer thread: when the unit's conversation is on a detour, queues the unit behind it and returns true. */
    synchronized boolean follow(GroupCommit.Unit<?> unit) {
        ArrayDeque<GroupCommit.Unit<?>> waiting = open.get(unit.conversation);
        if (waiting == null) {
            return false;
        }
        waiting.addLast(unit);
        return true;
    }

    /** Writer thread: the unit met a held lock; its conversation leaves the lane with it. */
    synchronized void open(GroupCommit.Unit<?> unit) {
        ArrayDeque<GroupCommit.Unit<?>> waiting = new ArrayDeque<>();
        waiting.addLast(unit);
        open.put(unit.conversation, waiting);
        toStart.add(unit.conversation);
    }

    /** Writer thread, after its batch: starts the detours the batch opened. */
    void startOpened() {
        for (String conversation : toStart) {
            Thread.ofVirtual().name(name + "-detour").start(() -> drain(conversation));
        }
        toStart.clear();
    }

    private void drain(String conversation) {
        while (true) {
            GroupCommit.Unit<?> next;
            synchronized (this) {
                ArrayDeque<GroupCommit.Unit<?>> waiting = open.get(conversation);
                next = waiting.pollFirst();
                if (next == null) {
                    open.remove(conversation); // the lane takes the conversation's next unit again
                    return;
                }
            }
            try {
                next.runAlone(transaction, ATTEMPTS);
            } catch (RuntimeException | Error e) {
                log.error("a detour failed a unit: {}", SafeLog.describe(e));
                next.failIfPending(e);
            }
        }
    }
}
