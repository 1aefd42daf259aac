package org.carechat.conversation;

import java.time.Duration;
import java.util.Set;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.identity.CurrentUser;
import org.carechat.storage.Transactions;
import org.carechat.system.ShortCache;
import org.springframework.stereotype.Service;

/**
 * Muting a conversation, per member (issue #19): a member who muted one is not alerted of its messages, and its
 * unread messages do not count in their badge, except messages that mention them and urgent ones
 * ({@code message.AlertRule}). The choice is the member's own: other members are never told.
 */
@Service
public class Muting {

    /** How long another node's mute may take to show here. */
    static final Duration CACHE_TIME_TO_LIVE = Duration.ofSeconds(2);

    private final ConversationService conversations;
    private final MuteRepository repository;
    private final AuditLog audit;
    private final Transactions transactions;

    /** The members who muted each conversation, read for each message (issue #20; docs/decisions.md). */
    private final ShortCache<String, Set<String>> mutedMembers = new ShortCache<>(CACHE_TIME_TO_LIVE, 10_000);

    Muting(
            ConversationService conversations,
            MuteRepository repository,
            AuditLog audit,
            Transactions transactions,
            Doorbell doorbell) {
        this.conversations = conversations;
        this.repository = repository;
        this.audit = audit;
        this.transactions = transactions;
        doorbell.subscribe(ring -> {
            if (ring instanceof Ring.TimelineMoved moved && moved.membersChanged()) {
                mutedMembers.invalidate(moved.conversationId());
            }
        });
        doorbell.subscribeResync(mutedMembers::invalidateAll);
    }

    /**
     * Mutes or unmutes a conversation for the caller; audited when it changes.
     *
     * @throws org.carechat.web.ApiProblem 404 when the caller is not a member
     */
    public void set(CurrentUser actor, String conversationId, boolean muted) {
        transactions.run(() -> {
            ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
            if (repository.set(actor.orgId(), conversationId, actor.userId(), muted)) {
                transactions.afterCommit(() -> mutedMembers.invalidate(conversationId));
                audit.record(actor.audit(AuditType.CONVERSATION_MUTED)
                        .target("conversation", conversationId)
                        .conversation(conversationId)
                        .patient(access.conversation().patientId())
                        .detail("muted", muted));
            }
        });
    }

    /** The conversations {@code userId} muted. */
    public Set<String> mutedBy(String orgId, String userId) {
        return repository.mutedConversations(orgId, userId);
    }

    /**
     * The members who muted {@code conversationId}: from memory when read within the last two seconds, so another
     * node's change shows here within that time; a change made here shows at once.
     */
    public Set<String> mutedMembers(String orgId, String conversationId) {
        return mutedMembers.get(conversationId, id -> Set.copyOf(repository.mutedMembers(orgId, id)));
    }
}
