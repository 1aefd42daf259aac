package org.carechat.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bounded queue that reconnecting devices' upgrades and resumes wait in, sized to the database pool. */
class DatabaseAdmissionTest {

    @Test
    void runsThreeQuartersOfThePoolAtOnceAndLetsFiftyPerConnectionWait() {
        DatabaseAdmission admission = new DatabaseAdmission(20, Duration.ofSeconds(1));

        assertThat(admission.admitted()).isEqualTo(15);
        assertThat(admission.queueLimit()).isEqualTo(1000);
        assertThat(new DatabaseAdmission(1, Duration.ofSeconds(1)).admitted()).isEqualTo(1);
    }

    @Test
    void aStormLargerThanThePoolIsServedInTurnWithNobodyRefused() throws Exception {
        DatabaseAdmission admission = new DatabaseAdmission(4, Duration.ofSeconds(30));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 150; i++) { // within the 200 that may wait
                done.add(threads.submit(() -> admission.admit(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    pause(5);
                    running.decrementAndGet();
                })));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS); // throws if any was refused
            }
        }
        assertThat(mostAtOnce.get()).isEqualTo(3);
    }

    @Test
    void oneMoreThanTheQueueHoldsIsRefusedAtOnceAsBusyWithoutRunning() throws Exception {
        DatabaseAdmission admission = new DatabaseAdmission(1, Duration.ofSeconds(30));
        AtomicInteger ran = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            DatabaseAdmission.Turn held = admission.enter();
            List<Future<?>> waiters = new ArrayList<>();
            for (int i = 0; i < admission.queueLimit(); i++) {
                waiters.add(threads.submit(() -> admission.admit(ran::incrementAndGet)));
            }
            awaitWaiting(admission, waiters.size());

            assertThatThrownBy(() -> admission.admit(ran::incrementAndGet))
                    .isInstanceOfSatisfying(ApiProblem.class, p -> {
                        assertThat(ApiProblem.isBusy(p)).isTrue();
                        assertThat(p.retryAfterSeconds()).isPositive();
                    });
            assertThat(ran).hasValue(0);

            held.close();
            for (Future<?> f : waiters) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(ran).hasValue(50);
    }

    @Test
    void aTurnThatDoesNotComeWithinTheWaitIsRefusedAsBusy() {
        DatabaseAdmission admission = new DatabaseAdmission(1, Duration.ofMillis(200));
        try (DatabaseAdmission.Turn held = admission.enter()) {
            long start = System.nanoTime();
            assertThatThrownBy(admission::enter)
                    .satisfies(e -> assertThat(ApiProblem.isBusy(e)).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
        admission.enter().close(); // the refused one took no turn, the held one gave its own back
    }

    private static void awaitWaiting(DatabaseAdmission admission, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (admission.waiting() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(admission.waiting()).isEqualTo(count);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
