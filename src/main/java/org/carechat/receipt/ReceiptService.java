package org.carechat.receipt;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationPolicy;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.identity.CurrentUser;
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
 * product brief) and rung on the doorbell so senders see receipts live.
 */
@Service
public class ReceiptService {

    private final JdbcClient jdbc;
    private final ConversationService conversations;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;
    private final Timeline timeline;
    private final Timer deliveryLatency;

    ReceiptService(
            JdbcClient jdbc,
            ConversationService conversations,
            AuditLog audit,
            Transactions transactions,
            Clock clock,
            Timeline timeline,
            MeterRegistry meters) {
        this.timeline = timeline;
        this.deliveryLatency = Timer.builder("carechat.receipt.delivery")
                .description("Time from a message's commit to the first device of each recipient acknowledging it")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The caller's device has received everything up to {@code upTo}.
     *
     * @throws ApiProblem 404 when not a member; 400 when {@code upTo} is beyond the newest entry
     */
    public void acknowledge(CurrentUser actor, String conversationId, long upTo) {
        transactions.run(() -> {
            ConversationPolicy.Access access = checked(actor, conversationId, upTo);
            long now = clock.millis();
            jdbc.sql("INSERT INTO device_cursor (device_id, conversation_id, user_id, delivered_seq, updated_at) "
                            + "VALUES (:device, :conversation, :user, :seq, :now) "
                            + "ON CONFLICT (device_id, conversation_id) DO UPDATE SET "
                            + "delivered_seq = CASE WHEN excluded.delivered_seq > device_cursor.delivered_seq "
                            + "THEN excluded.delivered_seq ELSE device_cursor.delivered_seq END, "
                            + "updated_at = excluded.updated_at")
                    .param("device", actor.deviceId())
                    .param("conversation", conversationId)
                    .param("user", actor.userId())
                    .param("seq", upTo)
                    .param("now", now)
                    .update();
            if (conversations.advanceMarkers(actor.orgId(), conversationId, actor.userId(), 0, upTo)) {
                // The member's marker moved: this is the first of their devices to have the entry at upTo.
                timeline.committedAt(conversationId, upTo)
                        .ifPresent(sentAt -> deliveryLatency.record(Duration.ofMillis(Math.max(0, now - sentAt))));
                audit.record(actor.audit(AuditType.MESSAGE_DELIVERED)
                        .target("conversation", conversationId)
                        .conversation(conversationId)
                        .patient(access.conversation().patientId())
                        .detail("upTo", upTo));
            }
        });
    }

    /**
     * The caller has read everything up to {@code upTo} (their read marker; also counts as delivered).
     *
     * @throws ApiProblem 404 when not a member; 400 when {@code upTo} is beyond the newest entry
     */
    public void markRead(CurrentUser actor, String conversationId, long upTo) {
        transactions.run(() -> {
            ConversationPolicy.Access access = checked(actor, conversationId, upTo);
            if (conversations.advanceMarkers(actor.orgId(), conversationId, actor.userId(), upTo, upTo)) {
                audit.record(actor.audit(AuditType.MESSAGE_READ)
                        .target("conversation", conversationId)
                        .conversation(conversationId)
                        .patient(access.conversation().patientId())
                        .detail("upTo", upTo));
            }
        });
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
        if (upTo < 0 || upTo > access.conversation().lastSeq()) {
            throw ApiProblem.badRequest("upTo must be between 0 and the newest seq of the conversation ("
                    + access.conversation().lastSeq() + ")");
        }
        return access;
    }
}
