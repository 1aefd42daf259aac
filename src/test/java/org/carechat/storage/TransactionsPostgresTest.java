package org.carechat.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.carechat.testing.OnPostgres;
import org.junit.jupiter.api.Test;

@OnPostgres
@org.springframework.test.context.TestPropertySource(properties = "carechat.postgres.writer-lanes=4")
class TransactionsPostgresTest extends TransactionsScenarios {

    /** Two conversations whose units take different writer lanes. */
    private String[] conversationsInTwoLanes() {
        String first = "conversation-a-" + prefix;
        int lanes = 4;
        for (int i = 0; ; i++) {
            String second = "conversation-b-" + i + "-" + prefix;
            if (Math.floorMod(first.hashCode(), lanes) != Math.floorMod(second.hashCode(), lanes)) {
                return new String[] {first, second};
            }
        }
    }

    /** Two conversations whose units take the same writer lane. */
    private String[] conversationsInOneLane() {
        String first = "conversation-held-" + prefix;
        int lanes = 4;
        for (int i = 0; ; i++) {
            String second = "conversation-free-" + i + "-" + prefix;
            if (Math.floorMod(first.hashCode(), lanes) == Math.floorMod(second.hashCode(), lanes)) {
                return new String[] {first, second};
            }
        }
    }

    /** Takes the next number of the row, as a send takes its conversation's next seq (and waits for its lock). */
    private long next(String key) {
        return jdbc.sql(
                        "UPDATE attachment_blob SET created_at = created_at + 1 WHERE blob_key = ? RETURNING created_at")
                .param(prefix + key)
                .query(Long.class)
                .single();
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aRowLockHeldElsewhereDelaysOnlyItsConversationWhoseUnitsCompleteInOrderOnceItGoes() throws Exception {
        insert("seq");
        String[] conversations = conversationsInOneLane();
        String held = conversations[0];
        try (var threads = Executors.newVirtualThreadPerTaskExecutor();
                java.sql.Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement()
                    .execute("SELECT 1 FROM attachment_blob WHERE blob_key = '" + prefix + "seq' FOR UPDATE");
            java.util.List<Future<Long>> waiting = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiting.add(threads.submit(() -> transactions.write(held, () -> next("seq"))));
                sleep(150); // arrival order: the first meets the lock, the others arrive behind it
            }

            long start = System.nanoTime();
            transactions.run(conversations[1], () -> insert("free"));
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("ms for another conversation of the same lane while the lock is held")
                    .isLessThan(1_000);

            sleep(2_000); // longer than the lane's lock timeout many times over
            assertThat(waiting).as("the held conversation waits").noneMatch(Future::isDone);
            lock.rollback();
            java.util.List<Long> seqs = new java.util.ArrayList<>();
            for (Future<Long> unit : waiting) {
                seqs.add(unit.get(20, TimeUnit.SECONDS));
            }
            assertThat(seqs)
                    .as("each completed once the lock went, in arrival order, gap-free")
                    .containsExactly(1L, 2L, 3L);
        }
        assertThat(stored()).containsExactly("free", "seq");
        transactions.run(held, () -> next("seq"));
        assertThat(bumps("seq")).as("the conversation is back in its lane").isEqualTo(4);
    }

    private void bump(String key) {
        jdbc.sql("UPDATE attachment_blob SET created_at = created_at + 1 WHERE blob_key = ?")
                .param(prefix + key)
                .update();
    }

    private long bumps(String key) {
        return jdbc.sql("SELECT created_at FROM attachment_blob WHERE blob_key = ?")
                .param(prefix + key)
                .query(Long.class)
                .single();
    }

    @Test
    void twoLanesWaitingForEachOthersLocksBothCommitEveryUnitOnce() throws Exception {
        insert("r1");
        insert("r2");
        String[] conversations = conversationsInTwoLanes();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        AtomicInteger attempts = new AtomicInteger();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> a = threads.submit(() -> transactions.run(conversations[0], () -> {
                attempts.incrementAndGet();
                bump("r1");
                awaitOnce(bothHoldOne);
                bump("r2");
            }));
            Future<?> b = threads.submit(() -> transactions.run(conversations[1], () -> {
                attempts.incrementAndGet();
                bump("r2");
                awaitOnce(bothHoldOne);
                bump("r1");
            }));
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        }
        assertThat(bumps("r1")).as("each unit committed once").isEqualTo(2);
        assertThat(bumps("r2")).isEqualTo(2);
        assertThat(attempts.get()).as("the lock wait made a unit run again").isGreaterThan(2);
    }

    /** The first time: counts down and waits for the other lane to hold its row too; later attempts go on. */
    private static void awaitOnce(CountDownLatch latch) {
        if (latch.getCount() == 0) {
            return;
        }
        latch.countDown();
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
