package org.carechat.realtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The open sockets of this node, found by user, by device (session or token) and by conversation pushed. It holds
 * at most a set number of sockets (a node's capacity); {@code carechat.sockets.open} shows how many it holds.
 */
@Component
class ConnectionRegistry {

    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> byDevice = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> byConversation = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /** Uses of sessions by sockets that closed before SessionWatch recorded them: recorded with its next batch. */
    private final Map<String, Long> usesOfClosed = new ConcurrentHashMap<>();

    ConnectionRegistry(MeterRegistry meters) {
        Gauge.builder("carechat.sockets.open", open, AtomicInteger::get)
                .description("WebSockets open on this node")
                .register(meters);
    }

    /** Registers the socket unless this node already holds {@code max}; then it registers nothing and says so. */
    boolean add(Connection c, int max) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return false;
        }
        byUser.computeIfAbsent(c.user.userId(), k -> ConcurrentHashMap.newKeySet())
                .add(c);
        byDevice.computeIfAbsent(c.deviceId(), k -> ConcurrentHashMap.newKeySet())
                .add(c);
        return true;
    }

    /** Forgets the socket; removing one that was never registered, or twice, changes nothing. */
    void remove(Connection c) {
        if (!removeFrom(byDevice, c.deviceId(), c)) {
            return;
        }
        open.decrementAndGet();
        long usedAt = c.usedAt;
        if (usedAt > 0) {
            usesOfClosed.merge(c.deviceId(), usedAt, Math::max);
        }
        removeFrom(byUser, c.user.userId(), c);
        List<String> watched;
        c.lock.lock();
        try {
            watched = List.copyOf(c.pushed.keySet());
        } finally {
            c.lock.unlock();
        }
        watched.forEach(conversationId -> removeFrom(byConversation, conversationId, c));
    }

    void watch(String conversationId, Connection c) {
        byConversation
                .computeIfAbsent(conversationId, k -> ConcurrentHashMap.newKeySet())
                .add(c);
    }

    void unwatch(String conversationId, Connection c) {
        removeFrom(byConversation, conversationId, c);
    }

    Set<Connection> ofUser(String userId) {
        return byUser.getOrDefault(userId, Set.of());
    }

    Set<Connection> ofDevice(String deviceId) {
        return byDevice.getOrDefault(deviceId, Set.of());
    }

    Set<Connection> watching(String conversationId) {
        return byConversation.getOrDefault(conversationId, Set.of());
    }

    Stream<Connection> all() {
        return byDevice.values().stream().flatMap(Set::stream);
    }

    /** The uses of sessions by sockets closed since the last call (device id to its latest use), forgotten here. */
    Map<String, Long> takeUsesOfClosed() {
        Map<String, Long> taken = new java.util.HashMap<>();
        for (String deviceId : List.copyOf(usesOfClosed.keySet())) {
            Long usedAt = usesOfClosed.remove(deviceId);
            if (usedAt != null) {
                taken.put(deviceId, usedAt);
            }
        }
        return taken;
    }

    int size() {
        return open.get();
    }

    /** @return whether the socket was there */
    private static boolean removeFrom(Map<String, Set<Connection>> index, String key, Connection c) {
        boolean[] removed = {false};
        index.computeIfPresent(key, (k, set) -> {
            removed[0] = set.remove(c);
            return set.isEmpty() ? null : set;
        });
        return removed[0];
    }
}
