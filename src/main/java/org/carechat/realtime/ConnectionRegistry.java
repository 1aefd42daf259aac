package org.carechat.realtime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/** The open sockets of this node, found by user, by device (session or token) and by conversation pushed. */
@Component
class ConnectionRegistry {

    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> byDevice = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> byConversation = new ConcurrentHashMap<>();

    void add(Connection c) {
        byUser.computeIfAbsent(c.user.userId(), k -> ConcurrentHashMap.newKeySet()).add(c);
        byDevice.computeIfAbsent(c.deviceId(), k -> ConcurrentHashMap.newKeySet()).add(c);
    }

    void remove(Connection c) {
        removeFrom(byUser, c.user.userId(), c);
        removeFrom(byDevice, c.deviceId(), c);
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
        byConversation.computeIfAbsent(conversationId, k -> ConcurrentHashMap.newKeySet()).add(c);
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

    int size() {
        return (int) all().count();
    }

    private static void removeFrom(Map<String, Set<Connection>> index, String key, Connection c) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }
}
