package org.carechat.conversation;

import java.util.Set;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.storage.Transactions;
import org.springframework.stereotype.Service;

/**
 * Muting a conversation, per member (issue #19): a member who muted one is not alerted of its messages, and its
 * unread messages do not count in their badge, except messages that mention them and urgent ones
 * ({@code message.AlertRule}). The choice is the member's own: other members are never told.
 */
@Service
public class Muting {

    private final ConversationService conversations;
    private final MuteRepository repository;
    private final AuditLog audit;
    private final Transactions transactions;

    Muting(ConversationService conversations, MuteRepository repository, AuditLog audit, Transactions transactions) {
        this.conversations = conversations;
        this.repository = repository;
        this.audit = audit;
        this.transactions = transactions;
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

    /** The members who muted {@code conversationId}. */
    public Set<String> mutedMembers(String orgId, String conversationId) {
        return repository.mutedMembers(orgId, conversationId);
    }
}
