package org.carechat.identity;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carechat.storage.Transactions;
import org.carechat.system.ShortCache;
import org.springframework.stereotype.Component;

/**
 * Users as read for the decisions taken after each message commits (the push's recipients and author), from memory
 * (issue #20; docs/decisions.md). {@link UserRepository} drops a user's entry whenever it changes their row — at once
 * and again when the transaction ends, so nothing loaded meanwhile is kept; a change made on another node shows
 * within {@link #TIME_TO_LIVE}. Never used to sign anyone in or to decide access.
 */
@Component
class RecentUsers {

    /** How long another node's change to a user (disabled, renamed) may take to show here. */
    static final Duration TIME_TO_LIVE = Duration.ofSeconds(2);

    private record Key(String orgId, String userId) {}

    private final ShortCache<Key, User> byId = new ShortCache<>(TIME_TO_LIVE, 10_000);
    private final Transactions transactions;

    RecentUsers(Transactions transactions) {
        this.transactions = transactions;
    }

    /** The users of {@code orgId} among {@code ids}, by id; {@code load} reads those not in memory, in one go. */
    Map<String, User> of(String orgId, Collection<String> ids, Function<List<String>, List<User>> load) {
        List<Key> keys = ids.stream().map(id -> new Key(orgId, id)).toList();
        return byId
                .getAll(
                        keys,
                        missing -> load.apply(missing.stream().map(Key::userId).toList()).stream()
                                .collect(Collectors.toMap(u -> new Key(orgId, u.id()), Function.identity())))
                .values()
                .stream()
                .collect(Collectors.toMap(User::id, Function.identity()));
    }

    /** The unit of work in progress changes the row of {@code userId}. */
    void changing(String orgId, String userId) {
        Key key = new Key(orgId, userId);
        byId.invalidate(key);
        transactions.afterCompletion(() -> byId.invalidate(key));
    }
}
