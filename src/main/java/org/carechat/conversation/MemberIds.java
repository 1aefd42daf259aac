package org.carechat.conversation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.storage.Transactions;
import org.carechat.system.ShortCache;
import org.springframework.stereotype.Component;

/**
 * Who is in each conversation, from memory (issue #20): for the decisions taken after each message commits (whom to
 * push to, whom to forward to); for a socket's acknowledgement, which only a <em>positive</em> answer from here
 * lets through ({@link ConversationService#requireMemberToAcknowledge}); and for a send, whose positive answer from
 * here the send's own transaction confirms ({@link ConversationService#requireMemberToWrite}); every other access is
 * checked against the database (docs/security.md §Authorisation, access checks from memory). A change made on this
 * node drops its entry when the change's transaction ends (and at once, so nothing loaded meanwhile is kept); another
 * node's change drops it when its ring arrives, and at most {@link #TIME_TO_LIVE} after it whatever happens to the
 * ring.
 */
@Component
class MemberIds {

    /** How long another node's membership change may take to show here. */
    static final Duration TIME_TO_LIVE = Duration.ofSeconds(2);

    private record Key(String orgId, String conversationId) {}

    /**
     * What this node knows of a conversation: its members, its linked patient and a newest committed seq — a lower
     * bound of the conversation's, raised by every timeline ring (seqs only grow, and a ring comes after its
     * commit) — and what a send's check needs: its kind, whether it accepts responses (1-way or not) and its owners.
     */
    record Known(
            List<String> memberIds,
            String patientId,
            AtomicLong newestSeq,
            Conversation.Kind kind,
            boolean acceptResponses,
            List<String> ownerIds) {

        /** Whether {@code userId} is a member who may write here: an owner, or any member where responses are open. */
        boolean mayWrite(String userId) {
            return memberIds.contains(userId) && (acceptResponses || ownerIds.contains(userId));
        }
    }

    private final ShortCache<Key, Known> byConversation = new ShortCache<>(TIME_TO_LIVE, 10_000);
    private final Transactions transactions;

    MemberIds(Transactions transactions, Doorbell doorbell) {
        this.transactions = transactions;
        doorbell.subscribe(ring -> {
            if (ring instanceof Ring.TimelineMoved moved) {
                Key key = new Key(moved.orgId(), moved.conversationId());
                if (moved.membersChanged()) {
                    byConversation.invalidate(key);
                } else {
                    Known known = byConversation.peek(key);
                    if (known != null) {
                        known.newestSeq().accumulateAndGet(moved.seq(), Math::max);
                    }
                }
            }
        });
        doorbell.subscribeResync(byConversation::invalidateAll);
    }

    /** The conversation as this node knows it; {@code load} reads it (null when it does not exist). */
    Known of(String orgId, String conversationId, Supplier<Known> load) {
        return byConversation.get(new Key(orgId, conversationId), key -> load.get());
    }

    /**
     * The unit of work in progress adds or removes a member of {@code conversationId}, relinks its patient or changes
     * its settings (whether it accepts responses); or it found this node's entry out of date.
     */
    void changing(String orgId, String conversationId) {
        Key key = new Key(orgId, conversationId);
        byConversation.invalidate(key);
        transactions.afterCompletion(() -> byConversation.invalidate(key));
    }
}
