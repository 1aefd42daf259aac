package org.carechat.conversation;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.storage.Transactions;
import org.carechat.system.ShortCache;
import org.springframework.stereotype.Component;

/**
 * Who is in each conversation, from memory, for the decisions taken after each message commits (whom to push to,
 * whom to forward to) — never for access, which is always checked against the database (issue #20;
 * docs/decisions.md). A change made on this node drops its entry when the change's transaction ends (and at once, so
 * nothing loaded meanwhile is kept); another node's change drops it when its ring arrives, and at most
 * {@link #TIME_TO_LIVE} after it whatever happens to the ring.
 */
@Component
class MemberIds {

    /** How long another node's membership change may take to show here. */
    static final Duration TIME_TO_LIVE = Duration.ofSeconds(2);

    private record Key(String orgId, String conversationId) {}

    private final ShortCache<Key, List<String>> byConversation = new ShortCache<>(TIME_TO_LIVE, 10_000);
    private final Transactions transactions;

    MemberIds(Transactions transactions, Doorbell doorbell) {
        this.transactions = transactions;
        doorbell.subscribe(ring -> {
            if (ring instanceof Ring.TimelineMoved moved && moved.membersChanged()) {
                byConversation.invalidate(new Key(moved.orgId(), moved.conversationId()));
            }
        });
        doorbell.subscribeResync(byConversation::invalidateAll);
    }

    List<String> of(String orgId, String conversationId, Supplier<List<String>> load) {
        return byConversation.get(new Key(orgId, conversationId), key -> List.copyOf(load.get()));
    }

    /** The unit of work in progress adds or removes a member of {@code conversationId}. */
    void changing(String orgId, String conversationId) {
        Key key = new Key(orgId, conversationId);
        byConversation.invalidate(key);
        transactions.afterCompletion(() -> byConversation.invalidate(key));
    }
}
