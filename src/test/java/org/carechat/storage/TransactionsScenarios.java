package org.carechat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.carechat.testing.ServerTest;
import org.carechat.web.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Units of work: a unit that fails inside another is undone alone (its writes and its after-commit actions), and
 * after-commit actions run only once their unit's writes are committed.
 */
abstract class TransactionsScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactionManager;

    @Autowired
    Dialect dialect;

    @Autowired
    org.carechat.system.CareChatProperties properties;

    final String prefix = "tx-" + UUID.randomUUID() + "-";
    final List<String> ran = new CopyOnWriteArrayList<>();

    void insert(String key) {
        jdbc.sql("INSERT INTO attachment_blob (blob_key, data, created_at) VALUES (?, ?, 0)")
                .params(prefix + key, new byte[] {1})
                .update();
    }

    List<String> stored() {
        return jdbc
                .sql("SELECT blob_key FROM attachment_blob WHERE blob_key LIKE ? ORDER BY blob_key")
                .param(prefix + "%")
                .query(String.class)
                .list()
                .stream()
                .map(key -> key.substring(prefix.length()))
                .toList();
    }

    @Test
    void aUnitThatFailsInsideAnotherIsUndoneAloneAndTheOuterCommits() {
        transactions.run(() -> {
            insert("a-outer-before");
            try {
                transactions.run(() -> {
                    insert("b-inner");
                    throw new IllegalStateException("refused");
                });
            } catch (IllegalStateException refused) {
                // the caller handles the refusal and carries on
            }
            insert("c-outer-after");
        });
        assertThat(stored()).containsExactly("a-outer-before", "c-outer-after");
    }

    @Test
    void afterCommitActionsRunAfterTheCommitInTheOrderRegistered() {
        transactions.run(() -> {
            insert("a");
            transactions.afterCommit(() -> ran.add("first"));
            transactions.run(() -> transactions.afterCommit(() -> ran.add("inner")));
            transactions.afterCommit(() -> ran.add("last"));
            assertThat(ran).as("nothing before the commit").isEmpty();
        });
        assertThat(ran).containsExactly("first", "inner", "last");
    }

    @Test
    void afterCommitActionsOfAnUndoneUnitNeverRun() {
        assertThatThrownBy(() -> transactions.run(() -> {
                    insert("rolled-back");
                    transactions.afterCommit(() -> ran.add("of the failed unit"));
                    throw new IllegalStateException("refused");
                }))
                .hasMessage("refused");
        transactions.run(() -> {
            transactions.afterCommit(() -> ran.add("outer"));
            try {
                transactions.run(() -> {
                    transactions.afterCommit(() -> ran.add("of the undone inner unit"));
                    throw new IllegalStateException("refused");
                });
            } catch (IllegalStateException refused) {
                // carries on
            }
        });
        assertThat(ran).containsExactly("outer");
        assertThat(stored()).isEmpty();
    }

    @Test
    void beforeCommitActionsOfCommittedUnitsRunInsideTheTransactionAndThoseOfAnUndoneUnitNever() {
        transactions.run(() -> {
            transactions.beforeCommit(() -> {
                ran.add("first, in the transaction: " + TransactionSynchronizationManager.isActualTransactionActive());
                insert("written before the commit");
            });
            try {
                transactions.run(() -> {
                    transactions.beforeCommit(() -> ran.add("of the undone inner unit"));
                    throw new IllegalStateException("refused");
                });
            } catch (IllegalStateException refused) {
                // carries on
            }
            transactions.run(() -> transactions.beforeCommit(() -> ran.add("inner")));
            assertThat(ran).as("nothing before the commit").isEmpty();
        });
        assertThat(ran).containsExactly("first, in the transaction: true", "inner");
        assertThat(stored()).containsExactly("written before the commit");
    }

    @Test
    void afterCommitOutsideATransactionRunsAtOnce() {
        transactions.afterCommit(() -> ran.add("now"));
        assertThat(ran).containsExactly("now");
    }

    /** The transaction the calling unit runs in: its connection holder, new for every transaction. */
    Object currentTransaction() {
        return TransactionSynchronizationManager.getResource(dataSource);
    }

    @Test
    void unitsOfOneConversationArrivingTogetherShareOneCommitAndEachIsAnsweredAfterIt() throws Exception {
        String conversation = "conversation-" + UUID.randomUUID();
        List<Object> transactionsSeen = new CopyOnWriteArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> blocker = threads.submit(() -> transactions.run(conversation, () -> sleep(400)));
            sleep(100); // the lane is busy with the blocker: the next units queue up behind it
            List<Future<Object>> units = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String key = "unit-" + i;
                units.add(threads.submit(() -> transactions.write(conversation, () -> {
                    insert(key);
                    transactionsSeen.add(currentTransaction());
                    return (Object) key;
                })));
            }
            blocker.get();
            for (Future<Object> unit : units) {
                unit.get();
            }
        }
        assertThat(stored()).hasSize(20);
        Set<Integer> distinct =
                transactionsSeen.stream().map(System::identityHashCode).collect(Collectors.toSet());
        assertThat(distinct).as("20 units queued together, one transaction").hasSize(1);
    }

    @Test
    void aFailingUnitOfAConversationFailsAloneAndTheOthersOfItsBatchCommit() throws Exception {
        String conversation = "conversation-" + UUID.randomUUID();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> blocker = threads.submit(() -> transactions.run(conversation, () -> sleep(300)));
            sleep(100);
            Future<?> before = threads.submit(() -> transactions.run(conversation, () -> insert("a")));
            sleep(20);
            Future<?> failing = threads.submit(() -> transactions.run(conversation, () -> {
                insert("b-failing");
                throw new IllegalStateException("refused");
            }));
            sleep(20);
            Future<?> after = threads.submit(() -> transactions.run(conversation, () -> insert("c")));
            blocker.get();
            before.get();
            after.get();
            assertThatThrownBy(failing::get).hasCauseInstanceOf(IllegalStateException.class);
        }
        assertThat(stored()).containsExactly("a", "c");
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aBatchThatCannotGoOnFailsEveryUnitInItAndLeavesNoneWaiting() throws Exception {
        String conversation = "conversation-" + UUID.randomUUID();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> blocker = threads.submit(() -> transactions.run(conversation, () -> sleep(300)));
            sleep(100);
            Future<?> before = threads.submit(() -> transactions.run(conversation, () -> insert("a")));
            sleep(20);
            // not an exception a savepoint can undo (as a lost connection is not): the whole batch rolls back
            Future<?> breaking = threads.submit(() -> transactions.run(conversation, () -> {
                throw new java.util.ServiceConfigurationError("broken");
            }));
            sleep(20);
            Future<?> after = threads.submit(() -> transactions.run(conversation, () -> insert("c")));
            blocker.get();
            for (Future<?> unit : List.of(before, breaking, after)) {
                assertThatThrownBy(() -> unit.get(10, java.util.concurrent.TimeUnit.SECONDS))
                        .as("answered, not left waiting")
                        .isInstanceOf(java.util.concurrent.ExecutionException.class);
            }
        }
        assertThat(stored()).isEmpty();
        transactions.run(conversation, () -> insert("d"));
        assertThat(stored()).as("the writer goes on").containsExactly("d");
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void workArrivingWhileTheWritersStopIsRefusedAsUnavailableNotLeftWaiting() {
        Transactions stopping = new Transactions(transactionManager, dialect, properties, jdbc);
        stopping.destroy();
        // a send or an acknowledgement: SQLite's writer, PostgreSQL's writer lanes
        assertThatThrownBy(() -> stopping.run("conversation-" + prefix, () -> insert("late")))
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(p.status().value()).isEqualTo(503));
        assertThat(stored()).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void aStopCommitsTheWritesQueuedBeforeItWithTheirAfterCommitActionsAndTheWritersTakeWorkUntilDestroyed()
            throws Exception {
        Transactions stopping = new Transactions(transactionManager, dialect, properties, jdbc);
        String conversation = "conversation-" + UUID.randomUUID();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            stopping.start();
            threads.submit(() -> stopping.run(conversation, () -> sleep(300)));
            sleep(100); // the writer is busy: the next units queue up behind it
            for (int i = 0; i < 10; i++) {
                String key = "queued-" + i;
                threads.submit(() -> stopping.run(conversation, () -> {
                    insert(key);
                    stopping.afterCommit(() -> ran.add(key));
                }));
            }
            sleep(50);

            stopping.stop(); // the server took its last request: its lifecycle stop, before any bean is destroyed

            assertThat(stored()).as("committed, not failed as 'stopping'").hasSize(10);
            assertThat(ran)
                    .as("after-commit actions run before the beans they use are destroyed")
                    .hasSize(10);
            assertThat(stopping.isRunning()).isFalse();
            stopping.run(conversation, () -> insert("while-beans-are-destroyed"));
            assertThat(stored()).contains("while-beans-are-destroyed");
        } finally {
            stopping.destroy();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
