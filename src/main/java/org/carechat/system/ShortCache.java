package org.carechat.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A small in-memory cache of committed rows, held by the service of the feature that owns them (issue #20: the push
 * decision after each message read the same few rows again and again). Three promises:
 *
 * <ul>
 *   <li><b>Bounded in size:</b> at most {@code maxEntries}; when full, expired entries go first, then all of them.
 *   <li><b>Bounded in staleness:</b> an entry is trusted for {@code timeToLive} at most, so a change made on another
 *       node (or outside the owning service) shows here within that time.
 *   <li><b>The owner's own changes take effect at once:</b> the owning service calls {@link #invalidate} once its
 *       change has committed; a value loaded concurrently from before the change is never kept.
 * </ul>
 *
 * <p>Staleness is measured on a monotonic ticker ({@link System#nanoTime}), not the injected {@code Clock}: it is a
 * property of this process's memory, and a test's fixed or advanced clock must not keep (or drop) entries.
 */
public final class ShortCache<K, V> {

    private record Entry<V>(V value, long loadedAt) {}

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long timeToLive;
    private final int maxEntries;
    private final LongSupplier ticker;

    public ShortCache(Duration timeToLive, int maxEntries) {
        this(timeToLive, maxEntries, System::nanoTime);
    }

    ShortCache(Duration timeToLive, int maxEntries, LongSupplier ticker) {
        if (maxEntries < 1 || timeToLive.isNegative()) {
            throw new IllegalArgumentException("a cache needs room for one entry and a time to live of zero or more");
        }
        this.timeToLive = timeToLive.toNanos();
        this.maxEntries = maxEntries;
        this.ticker = ticker;
    }

    /** The cached value of {@code key} if it is fresh; otherwise {@code loader}'s, kept for the time to live. */
    public V get(K key, Function<K, V> loader) {
        long now = ticker.getAsLong();
        Entry<V> cached = entries.get(key);
        if (cached != null && now - cached.loadedAt() < timeToLive) {
            return cached.value();
        }
        long before = generation.get();
        V value = loader.apply(key);
        if (timeToLive == 0 || value == null) {
            return value;
        }
        makeRoom(now);
        Entry<V> loaded = new Entry<>(value, now);
        entries.put(key, loaded);
        if (generation.get() != before) {
            // invalidated while loading: the value may predate the change
            entries.remove(key, loaded);
        }
        return value;
    }

    /** The cached value of {@code key} if it is fresh, else null; loads nothing. */
    public V peek(K key) {
        Entry<V> cached = entries.get(key);
        return cached != null && ticker.getAsLong() - cached.loadedAt() < timeToLive ? cached.value() : null;
    }

    /**
     * The cached values of {@code keys} that are fresh, and {@code loader}'s for the others, asked once for all of them
     * (one query for the rows a cold cache lacks). A key the loader does not return is absent from the answer and not
     * kept.
     */
    public Map<K, V> getAll(Collection<K> keys, Function<List<K>, Map<K, V>> loader) {
        long now = ticker.getAsLong();
        Map<K, V> found = new HashMap<>();
        List<K> missing = new ArrayList<>();
        for (K key : keys) {
            Entry<V> cached = entries.get(key);
            if (cached != null && now - cached.loadedAt() < timeToLive) {
                found.put(key, cached.value());
            } else if (!found.containsKey(key)) {
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        long before = generation.get();
        Map<K, V> loaded = loader.apply(List.copyOf(new LinkedHashSet<>(missing)));
        found.putAll(loaded);
        if (timeToLive == 0) {
            return found;
        }
        for (Map.Entry<K, V> row : loaded.entrySet()) {
            if (row.getValue() == null) {
                continue;
            }
            makeRoom(now);
            Entry<V> entry = new Entry<>(row.getValue(), now);
            entries.put(row.getKey(), entry);
            if (generation.get() != before) {
                entries.remove(row.getKey(), entry); // invalidated while loading: it may predate the change
            }
        }
        return found;
    }

    /** Drops {@code key}: call after the change to its row has committed. */
    public void invalidate(K key) {
        generation.incrementAndGet();
        entries.remove(key);
    }

    /** Drops everything (changes may have been missed). */
    public void invalidateAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** How many entries are held now. */
    public int size() {
        return entries.size();
    }

    private void makeRoom(long now) {
        if (entries.size() < maxEntries) {
            return;
        }
        entries.values().removeIf(entry -> now - entry.loadedAt() >= timeToLive);
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
    }
}
