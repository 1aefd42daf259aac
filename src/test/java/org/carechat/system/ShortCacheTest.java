package org.carechat.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShortCacheTest {

    private final AtomicLong ticker = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();
    private final ShortCache<String, String> cache = new ShortCache<>(Duration.ofSeconds(2), 3, ticker::get);

    private String load(String key) {
        loads.incrementAndGet();
        return key + "#" + loads.get();
    }

    @Test
    void aFreshEntryIsServedWithoutLoadingAgain() {
        assertThat(cache.get("a", this::load)).isEqualTo("a#1");
        ticker.addAndGet(Duration.ofMillis(1_999).toNanos());
        assertThat(cache.get("a", this::load)).isEqualTo("a#1");
        assertThat(loads).hasValue(1);
    }

    @Test
    void anEntryOlderThanItsTimeToLiveIsLoadedAgain() {
        cache.get("a", this::load);
        ticker.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.get("a", this::load)).isEqualTo("a#2");
    }

    @Test
    void anInvalidatedEntryIsLoadedAgainAtOnce() {
        cache.get("a", this::load);
        cache.invalidate("a");
        assertThat(cache.get("a", this::load)).isEqualTo("a#2");
    }

    @Test
    void aValueLoadedWhileItsKeyWasInvalidatedIsNotKept() {
        cache.get("a", key -> {
            cache.invalidate(key); // the change commits while the old row is being read
            return "old";
        });
        assertThat(cache.get("a", this::load)).isEqualTo("a#1");
    }

    @Test
    void aPeekShowsOnlyAFreshEntryAndLoadsNothing() {
        assertThat(cache.peek("a")).isNull();
        cache.get("a", this::load);
        assertThat(cache.peek("a")).isEqualTo("a#1");
        ticker.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.peek("a")).isNull();
        assertThat(loads).hasValue(1);
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBound() {
        for (int i = 0; i < 100; i++) {
            cache.get("k" + i, this::load);
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void manyKeysAreLoadedInOneGoForThoseNotFreshAndAnAbsentRowIsNotKept() {
        cache.get("a", this::load);
        java.util.List<java.util.List<String>> asked = new java.util.ArrayList<>();
        java.util.Map<String, String> found = cache.getAll(java.util.List.of("a", "b", "c"), missing -> {
            asked.add(missing);
            return java.util.Map.of("b", "b#loaded"); // "c" has no row
        });
        assertThat(found).containsOnly(java.util.Map.entry("a", "a#1"), java.util.Map.entry("b", "b#loaded"));
        assertThat(asked).containsExactly(java.util.List.of("b", "c"));
        assertThat(cache.getAll(java.util.List.of("b"), missing -> java.util.Map.of()))
                .containsOnly(java.util.Map.entry("b", "b#loaded"));
    }

    @Test
    void valuesLoadedTogetherWhileOneWasInvalidatedAreNotKept() {
        cache.getAll(java.util.List.of("a", "b"), missing -> {
            cache.invalidate("a");
            return java.util.Map.of("a", "old", "b", "old");
        });
        assertThat(cache.get("a", this::load)).isEqualTo("a#1");
    }
}
