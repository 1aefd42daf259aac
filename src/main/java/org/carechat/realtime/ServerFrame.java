package org.carechat.realtime;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.carechat.availability.Availability;
import org.carechat.timeline.TimelineEntry;
import org.carechat.urgent.UrgentService;

/** A frame from server to client: JSON with a {@code type} field (docs/delivery.md lists each). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerFrame.Result.class, name = "result"),
    @JsonSubTypes.Type(value = ServerFrame.Event.class, name = "event"),
    @JsonSubTypes.Type(value = ServerFrame.Batch.class, name = "batch"),
    @JsonSubTypes.Type(value = ServerFrame.Receipt.class, name = "receipt"),
    @JsonSubTypes.Type(value = ServerFrame.TypingNotice.class, name = "typing"),
    @JsonSubTypes.Type(value = ServerFrame.SyncComplete.class, name = "sync_complete"),
    @JsonSubTypes.Type(value = ServerFrame.Reset.class, name = "reset"),
    @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong"),
    @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ServerFrame.AvailabilityNotice.class, name = "availability"),
    @JsonSubTypes.Type(value = ServerFrame.UrgentAlert.class, name = "urgent"),
    @JsonSubTypes.Type(value = ServerFrame.UrgentCleared.class, name = "urgent_cleared"),
    @JsonSubTypes.Type(value = ServerFrame.ContactRequestNotice.class, name = "contact_request")
})
sealed interface ServerFrame {

    /**
     * The answer to a {@code send}: {@code ok} with the committed seq and message id, or the problem (with
     * {@code retryAfter} seconds when it was a rate limit). A send that was a retry of an earlier one answers with the
     * original seq and {@code duplicate: true}.
     */
    record Result(
            String id,
            boolean ok,
            String c,
            Long seq,
            String messageId,
            Boolean duplicate,
            Integer status,
            String error,
            Long retryAfter)
            implements ServerFrame {

        static Result ok(String id, String c, long seq, String messageId, boolean duplicate) {
            return new Result(id, true, c, seq, messageId, duplicate, null, null, null);
        }

        /** @param retryAfter for 429: seconds until a retry can succeed, else null */
        static Result failed(String id, String c, int status, String error, Long retryAfter) {
            return new Result(id, false, c, null, null, null, status, error, retryAfter);
        }
    }

    /** One new timeline entry, live. */
    record Event(String c, long seq, TimelineEntry entry) implements ServerFrame {}

    /**
     * Catch-up entries of one conversation, oldest first. {@code limited}: the catch-up stopped at its limit and
     * more may exist after {@code nextAfter}; page on over REST (live pushes continue from the same cursor).
     */
    record Batch(String c, List<TimelineEntry> events, boolean limited, long nextAfter) implements ServerFrame {}

    /** A member's markers moved. */
    record Receipt(String c, String userId, long readSeq, long deliveredSeq) implements ServerFrame {}

    record TypingNotice(String c, String userId) implements ServerFrame {}

    /** Everything missed while offline has been sent; what follows is live. */
    record SyncComplete() implements ServerFrame {}

    /** Drop this conversation (or its local cache): {@code left}, {@code not_a_member}, {@code cursor_ahead}. */
    record Reset(String c, String reason) implements ServerFrame {}

    record Pong(String id) implements ServerFrame {}

    /** A frame that could not be handled; the connection stays open. */
    record Error(String detail) implements ServerFrame {}

    /**
     * A colleague's availability is now {@code status}, until {@code until} (epoch ms; null: no end). Sent to the
     * organisation's staff sockets when it changes or lapses; the current statuses are read over REST.
     */
    record AvailabilityNotice(String userId, Availability.Status status, Long until) implements ServerFrame {}

    /**
     * An urgent alert of yours waits for acknowledgement: show it apart and sound it every
     * {@code alert.repeatEveryMinutes} until an {@code urgent_cleared} for it comes (docs/urgent.md).
     */
    record UrgentAlert(UrgentService.Pending alert) implements ServerFrame {}

    /** Your urgent alert {@code alertId} was acknowledged (by you on any device, or by whom it was escalated to). */
    record UrgentCleared(String alertId, String c, long seq, String acknowledgedBy) implements ServerFrame {}

    /**
     * A contact request you may see changed (raised, status, assignee, the patient wrote): its id, status and whether
     * it has new messages; re-read the queue's counts (and list) over REST. Staff sockets only; no clinical content.
     */
    record ContactRequestNotice(String id, String status, boolean newMessages) implements ServerFrame {}
}
