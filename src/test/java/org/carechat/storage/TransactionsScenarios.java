package org.carechat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.carechat.testing.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Units of work: a unit that fails inside another is undone alone (its writes and its after-commit actions), and
 * after-commit actions run only once their unit's writes are committed.
 */
abstract class TransactionsScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

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
    void afterCommitOutsideATransactionRunsAtOnce() {
        transactions.afterCommit(() -> ran.add("now"));
        assertThat(ran).containsExactly("now");
    }
}
