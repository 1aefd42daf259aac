package org.carechat.receipt;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.CurrentUser;
import org.carechat.timeline.Timeline;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The writes of one delivery acknowledgement, in the caller's unit of work (whose access check has passed): the
 * device's delivered cursor, the member's delivered marker and, when that marker moved, its audit row. Both values
 * only ever move forward, so writing the newest of several acknowledgements is the same as writing each in turn.
 */
@Component
class DeliveredMarkers {

    private final JdbcClient jdbc;
    private final ConversationService conversations;
    private final AuditLog audit;
    private final Timeline timeline;
    private final Clock clock;
    private final Timer deliveryLatency;

    DeliveredMarkers(
            JdbcClient jdbc,
            ConversationService conversations,
            AuditLog audit,
            Timeline timeline,
            Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.audit = audit;
        this.timeline = timeline;
        this.clock = clock;
        this.deliveryLatency = Timer.builder("carechat.receipt.delivery")
                .description("Time from a message's commit to the first device of each recipient acknowledging it")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
    }

    /**
     * Moves the device's cursor and the member's delivered marker up to {@code upTo}. A member who left meanwhile has
     * no marker to move: nothing is audited for them.
     *
     * @param acknowledgedAt when the device acknowledged (epoch ms), for the delivery latency
     */
    void record(CurrentUser actor, String conversationId, String patientId, long upTo, long acknowledgedAt) {
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
                .param("now", clock.millis())
                .update();
        if (conversations.advanceMarkers(actor.orgId(), conversationId, actor.userId(), 0, upTo)) {
            // The member's marker moved: this is the first of their devices to have the entry at upTo.
            timeline.committedAt(conversationId, upTo)
                    .ifPresent(
                            sentAt -> deliveryLatency.record(Duration.ofMillis(Math.max(0, acknowledgedAt - sentAt))));
            audit.record(actor.audit(AuditType.MESSAGE_DELIVERED)
                    .target("conversation", conversationId)
                    .conversation(conversationId)
                    .patient(patientId)
                    .detail("upTo", upTo));
        }
    }
}
