package org.carechat.receipt;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Ring;
import org.carechat.conversation.ConversationService;
import org.carechat.storage.Dialect;
import org.carechat.timeline.Timeline;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The writes of delivery acknowledgements, in the caller's unit of work (whose access checks have passed): each
 * device's delivered cursor, each member's delivered marker and, when that marker moved, its audit row. Both values
 * only ever move forward, so writing the newest of several acknowledgements is the same as writing each in turn.
 */
@Component
class DeliveredMarkers {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Dialect dialect;
    private final ConversationService conversations;
    private final AuditLog audit;
    private final Timeline timeline;
    private final Clock clock;
    private final Timer deliveryLatency;

    DeliveredMarkers(
            JdbcClient jdbc,
            JsonMapper json,
            Dialect dialect,
            ConversationService conversations,
            AuditLog audit,
            Timeline timeline,
            Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.dialect = dialect;
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
     * Moves each device's cursor and each member's delivered marker up to its acknowledgement, in two statements
     * however many there are (issue #20: a window of acknowledgements used to cost two or three statements each),
     * then audits each marker that moved. A member who left meanwhile has no marker to move: nothing is audited for
     * them. At most one acknowledgement per device and conversation (the caller keeps the newest).
     */
    void recordAll(Collection<Acknowledged> acknowledgements) {
        if (acknowledgements.isEmpty()) {
            return;
        }
        String sql = switch (dialect) {
            case POSTGRESQL ->
                "INSERT INTO device_cursor (device_id, conversation_id, user_id, delivered_seq, updated_at) "
                        + "SELECT v.d, v.c, v.u, v.s, :now FROM jsonb_to_recordset(CAST(:rows AS jsonb)) "
                        + "AS v(d text, c text, u text, s bigint) ";
            case SQLITE ->
                "INSERT INTO device_cursor (device_id, conversation_id, user_id, delivered_seq, updated_at) "
                        + "SELECT value ->> 'd', value ->> 'c', value ->> 'u', value ->> 's', :now "
                        + "FROM json_each(:rows) WHERE true "; // "WHERE true": SQLite's parser needs it before ON
        };
        jdbc.sql(sql + "ON CONFLICT (device_id, conversation_id) DO UPDATE SET "
                        + "delivered_seq = CASE WHEN excluded.delivered_seq > device_cursor.delivered_seq "
                        + "THEN excluded.delivered_seq ELSE device_cursor.delivered_seq END, "
                        + "updated_at = excluded.updated_at")
                .param(
                        "rows",
                        json.writeValueAsString(acknowledgements.stream()
                                .map(a -> new CursorRow(
                                        a.actor().deviceId(),
                                        a.conversationId(),
                                        a.actor().userId(),
                                        a.upTo()))
                                .toList()))
                .param("now", clock.millis())
                .update();

        // Per member, the acknowledgement that reaches furthest: it moves the marker, and is the one audited.
        Map<MemberKey, Acknowledged> furthest = new LinkedHashMap<>();
        for (Acknowledged a : acknowledgements) {
            furthest.merge(
                    new MemberKey(
                            a.actor().orgId(), a.conversationId(), a.actor().userId()),
                    a,
                    (x, y) -> x.upTo() >= y.upTo() ? x : y);
        }
        List<Ring.MarkersMoved> moved = conversations.advanceDelivered(furthest.entrySet().stream()
                .map(e -> new ConversationService.DeliveredUpTo(
                        e.getKey().orgId(),
                        e.getKey().conversationId(),
                        e.getKey().userId(),
                        e.getValue().upTo()))
                .toList());
        for (Ring.MarkersMoved marker : moved) {
            // The member's marker moved: this is the first of their devices to have the entry at upTo.
            Acknowledged a = furthest.get(new MemberKey(marker.orgId(), marker.conversationId(), marker.userId()));
            timeline.committedAt(a.conversationId(), a.upTo())
                    .ifPresent(sentAt -> deliveryLatency.record(Duration.ofMillis(Math.max(0, a.at() - sentAt))));
            audit.record(a.actor()
                    .audit(AuditType.MESSAGE_DELIVERED)
                    .target("conversation", a.conversationId())
                    .conversation(a.conversationId())
                    .patient(a.patientId())
                    .detail("upTo", a.upTo()));
        }
    }

    private record MemberKey(String orgId, String conversationId, String userId) {}

    /** A row of the device cursors' JSON array: device, conversation, user, up to. */
    private record CursorRow(String d, String c, String u, long s) {}
}
