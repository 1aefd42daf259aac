package org.carechat.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationPolicy;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.conversation.Privacy;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.timeline.MessageCounts;
import org.carechat.timeline.Timeline;
import org.carechat.timeline.TimelineEntry;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * Reading messages as a member: history pages with delivered and read receipts, the inbox's counts and previews.
 * Every view passes through the viewer's {@link Privacy}; reading a page is audited as opening the conversation.
 */
@Service
public class MessageHistory {

    private final Timeline timeline;
    private final ConversationService conversations;
    private final UserService users;
    private final AuditLog audit;
    private final Transactions transactions;
    private final int pageLimit;

    MessageHistory(
            Timeline timeline,
            ConversationService conversations,
            UserService users,
            AuditLog audit,
            Transactions transactions,
            CareChatProperties properties) {
        this.timeline = timeline;
        this.conversations = conversations;
        this.users = users;
        this.audit = audit;
        this.transactions = transactions;
        this.pageLimit = properties.messages().pageLimit();
    }

    /**
     * A page of a conversation's timeline, oldest first: entries after {@code after}, or before {@code before},
     * or the newest when neither is given. Reading is audited as opening the conversation.
     *
     * @throws ApiProblem 400 when both {@code after} and {@code before} are given; 404 when not a member
     */
    public List<TimelineEntry> page(CurrentUser actor, String conversationId, Long after, Long before, int limit) {
        if (after != null && before != null) {
            throw ApiProblem.badRequest("Give either after or before, not both");
        }
        int pageSize = Math.clamp(limit, 1, pageLimit);
        ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
        List<TimelineEntry> entries = after != null
                ? timeline.after(actor.orgId(), conversationId, after, pageSize)
                : timeline.before(actor.orgId(), conversationId, before == null ? Long.MAX_VALUE : before, pageSize);
        transactions.run(() -> audit.record(actor.audit(AuditType.CONVERSATION_OPENED)
                .target("conversation", conversationId)
                .conversation(conversationId)
                .patient(access.conversation().patientId())
                .detail("entries", entries.size())));
        Privacy privacy = conversations.policy().privacyFor(actor);
        return withReceipts(actor.orgId(), conversationId, entries, privacy).stream()
                .map(privacy::entry)
                .toList();
    }

    /**
     * Adds delivered/read receipts to the texts of a page, from the members' current markers (for a patient viewer,
     * only the markers of staff and their own).
     */
    private List<TimelineEntry> withReceipts(
            String orgId, String conversationId, List<TimelineEntry> page, Privacy privacy) {
        List<Member> members = conversations.members(orgId, conversationId).stream()
                .filter(m -> privacy.showsReceiptsOf(m.userId()))
                .toList();
        Map<String, User> names =
                users.findAll(orgId, members.stream().map(Member::userId).toList());
        return page.stream()
                .map(entry -> entry.isVisibleText() ? entry.withReceipts(receipts(entry, members, names)) : entry)
                .toList();
    }

    private static TimelineEntry.Receipts receipts(TimelineEntry text, List<Member> members, Map<String, User> names) {
        int delivered = 0;
        List<TimelineEntry.Reader> readers = new ArrayList<>();
        for (Member member : members) {
            if (member.userId().equals(text.senderId())) {
                continue;
            }
            if (member.deliveredSeq() >= text.seq() || member.readSeq() >= text.seq()) {
                delivered++;
            }
            if (member.readSeq() >= text.seq()) {
                User u = names.get(member.userId());
                readers.add(new TimelineEntry.Reader(member.userId(), u == null ? null : u.displayName()));
            }
        }
        return new TimelineEntry.Receipts(delivered, readers.size(), readers);
    }

    /**
     * Whether a member may still see a text: it exists and is not deleted. Attachments are read exactly as their
     * message: the caller checked the membership.
     */
    public boolean isVisible(String orgId, String conversationId, long seq) {
        return timeline.visibleText(orgId, conversationId, seq).isPresent();
    }

    /**
     * The text at {@code seq}, decrypted, when it is a visible text (for a copy the server hands on to a colleague;
     * the caller decides who may read it).
     */
    public Optional<String> text(String orgId, String conversationId, long seq) {
        return timeline.after(orgId, conversationId, seq - 1, 1).stream()
                .filter(entry -> entry.seq() == seq && entry.isVisibleText() && entry.body() != null)
                .map(TimelineEntry::body)
                .findFirst();
    }

    /** Text message counts per conversation of the caller (only conversations with any). */
    public Map<String, MessageCounts> counts(CurrentUser actor) {
        return timeline.counts(actor.orgId(), actor.userId());
    }

    /** Per conversation of the caller: unread messages that mention them (only conversations with any). */
    public Map<String, Long> unreadMentions(CurrentUser actor) {
        return timeline.unreadMentions(actor.orgId(), actor.userId());
    }

    /** The newest visible text of each of the caller's conversations, as the caller may see it. */
    public List<TimelineEntry> lastTexts(CurrentUser actor) {
        Privacy privacy = conversations.policy().privacyFor(actor);
        return timeline.lastTexts(actor.orgId(), actor.userId()).stream()
                .map(privacy::entry)
                .toList();
    }
}
