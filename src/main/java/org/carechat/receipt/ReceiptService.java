package org.carechat.receipt;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationPolicy;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.UserService;
import org.carechat.storage.Transactions;
import org.carechat.timeline.Timeline;
import org.carechat.web.ApiProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Delivered and read markers (docs/delivery.md §Cursors).
 *
 * <p>A device acknowledges cumulatively ({@code ack upTo}): its delivered cursor for the conversation and the
 * member's delivered marker move up to that seq. A member's read marker moves with {@code read upTo}. Both only
 * ever move forward; an older value is accepted and ignored. Every move is audited (status changes are, per the
 * product brief) and rung on the doorbell so senders see receipts live. A socket's acknowledgements are written
 * behind, coalesced per device ({@link PendingAcknowledgements}); reads and the REST forms are written at once.
 */
@Service
public class ReceiptService {

    private final JdbcClient jdbc;
    private final ConversationService conversations;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;
    private final Timeline timeline;
    private final UserService users;
    private final DeliveredMarkers delivered;
    private final PendingAcknowledgements pending;

    ReceiptService(
            JdbcClient jdbc,
            ConversationService conversations,
            AuditLog audit,
            Transactions transactions,
            Clock clock,
            Timeline timeline,
            UserService users,
            DeliveredMarkers delivered,
            PendingAcknowledgements pending) {
        this.timeline = timeline;
        this.users = users;
        this.delivered = delivered;
        this.pending = pending;
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The caller's device has received everything up to {@code upTo}, written before this returns (the REST form).
     *
     * @throws ApiProblem 404 when not a member; 400 when {@code upTo} is beyond the newest entry
     */
    public void acknowledge(CurrentUser actor, String conversationId, long upTo) {
        transactions.run(conversationId, () -> {
            ConversationPolicy.Access access = checked(actor, conversationId, upTo);
            delivered.recordAll(List.of(new Acknowledged(
                    actor, conversationId, access.conversation().patientId(), upTo, clock.millis())));
        });
    }

    /**
     * The caller's device has received everything up to {@code upTo} (the socket's {@code ack}): checked now, written
     * behind, coalesced with the device's later acknowledgements and other devices' into one commit within
     * {@link PendingAcknowledgements#WINDOW} (docs/delivery.md §Acknowledgements). The membership comes from memory
     * when this node knows it ({@link ConversationService#requireMemberToAcknowledge}).
     *
     * @throws ApiProblem 404 when not a member; 400 when {@code upTo} is beyond the newest entry — nothing is kept
     */
    public void acknowledgeSoon(CurrentUser actor, String conversationId, long upTo) {
        ConversationPolicy.Acknowledgeable known =
                conversations.requireMemberToAcknowledge(actor, conversationId, upTo);
        requireWithin(upTo, known.newestSeq());
        pending.add(actor, conversationId, known.patientId(), upTo);
    }

    /**
     * The caller has read everything up to {@code upTo} (their read marker; also counts as delivered).
     *
     * @throws ApiProblem 404 when not a member; 400 when {@code upTo} is beyond the newest entry
     */
    public void markRead(CurrentUser actor, String conversationId, long upTo) {
        transactions.run(conversationId, () -> {
            ConversationPolicy.Access access = checked(actor, conversationId, upTo);
            if (conversations.advanceMarkers(actor.orgId(), conversationId, actor.userId(), upTo, upTo)) {
                jdbc.sql("INSERT INTO read_mark (conversation_id, user_id, read_seq, read_at, org_id) "
                                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id, user_id, read_seq) DO NOTHING")
                        .params(conversationId, actor.userId(), upTo, clock.millis(), actor.orgId())
                        .update();
                audit.record(actor.audit(AuditType.MESSAGE_READ)
                        .target("conversation", conversationId)
                        .conversation(conversationId)
                        .patient(access.conversation().patientId())
                        .detail("upTo", upTo));
            }
        });
    }

    /**
     * Who read a member's message and when.
     *
     * @param readAt when their read marker first reached the message (epoch ms); absent when they read it before read
     *               times were kept
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "ReceiptReader")
    public record Reader(String userId, String displayName, Long readAt) {}

    /**
     * The members who read the text at {@code seq} (not its sender), each with when, earliest first: the caller sees
     * what receipts show them (a patient: staff only).
     *
     * An entry that is not a visible text (an event, a deleted message) has none.
     *
     * @throws ApiProblem 404 when not a member or {@code seq} is beyond the newest entry
     */
    public List<Reader> readers(CurrentUser actor, String conversationId, long seq) {
        ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
        if (seq > access.conversation().lastSeq()) {
            throw ApiProblem.notFound("Message " + seq + " of this conversation");
        }
        Timeline.TextRef text =
                timeline.visibleText(actor.orgId(), conversationId, seq).orElse(null);
        if (text == null) {
            return List.of();
        }
        var privacy = conversations.policy().privacyFor(actor);
        List<Member> read = conversations.members(actor.orgId(), conversationId).stream()
                .filter(m -> m.readSeq() >= seq && !m.userId().equals(text.senderId()))
                .filter(m -> privacy.showsReceiptsOf(m.userId()))
                .toList();
        Map<String, Long> times = jdbc
                .sql("SELECT user_id, MIN(read_at) FROM read_mark WHERE org_id = ? AND conversation_id = ? "
                        + "AND read_seq >= ? GROUP BY user_id")
                .params(actor.orgId(), conversationId, seq)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, String> names = users.displayNames(
                actor.orgId(), read.stream().map(Member::userId).collect(Collectors.toSet()));
        return read.stream()
                .map(m -> new Reader(m.userId(), names.get(m.userId()), times.get(m.userId())))
                .sorted(java.util.Comparator.comparing(
                        Reader::readAt, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
                .toList();
    }

    /** The delivered cursors of one device, by conversation: where a resume without client cursors starts. */
    public Map<String, Long> deviceCursors(String deviceId) {
        return jdbc
                .sql("SELECT conversation_id, delivered_seq FROM device_cursor WHERE device_id = ?")
                .param(deviceId)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Every member's markers in a conversation the caller is in (for a patient: staff's and their own). */
    public List<Member> markers(CurrentUser actor, String conversationId) {
        conversations.requireMember(actor, conversationId);
        var privacy = conversations.policy().privacyFor(actor);
        return conversations.members(actor.orgId(), conversationId).stream()
                .filter(m -> privacy.showsReceiptsOf(m.userId()))
                .toList();
    }

    private ConversationPolicy.Access checked(CurrentUser actor, String conversationId, long upTo) {
        ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
        requireWithin(upTo, access.conversation().lastSeq());
        return access;
    }

    private static void requireWithin(long upTo, long lastSeq) {
        if (upTo < 0 || upTo > lastSeq) {
            throw ApiProblem.badRequest(
                    "upTo must be between 0 and the newest seq of the conversation (" + lastSeq + ")");
        }
    }
}
