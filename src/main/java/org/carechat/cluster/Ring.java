package org.carechat.cluster;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A doorbell ring: a hint that something changed, telling listeners where to look. Timeline entries are always
 * read from the database (a lost ring costs latency, never data, because a reconnecting client resumes from its
 * cursors); a ring never carries message content. In cluster mode rings travel between nodes as JSON (ids and
 * numbers only).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Ring.TimelineMoved.class, name = "timeline"),
    @JsonSubTypes.Type(value = Ring.MarkersMoved.class, name = "markers"),
    @JsonSubTypes.Type(value = Ring.Typing.class, name = "typing"),
    @JsonSubTypes.Type(value = Ring.SessionEnded.class, name = "session_ended"),
    @JsonSubTypes.Type(value = Ring.AvailabilityChanged.class, name = "availability"),
    @JsonSubTypes.Type(value = Ring.UrgentChanged.class, name = "urgent"),
    @JsonSubTypes.Type(value = Ring.ContactRequestChanged.class, name = "contact_request")
})
public sealed interface Ring {

    String orgId();

    /**
     * The conversation's timeline grew: entries up to {@code seq} are committed. {@code membersChanged}: someone
     * may have joined, so current members' sockets are looked up, not only those already watching.
     */
    record TimelineMoved(String orgId, String conversationId, long seq, boolean membersChanged) implements Ring {}

    /**
     * A member's read or delivered marker moved: receipts changed. Carries the committed values (markers are state
     * that only grows; a ring handled late shows a lower value, which clients ignore by keeping the highest).
     */
    record MarkersMoved(String orgId, String conversationId, String userId, long readSeq, long deliveredSeq)
            implements Ring {}

    /** A member is typing: ephemeral, never stored. */
    record Typing(String orgId, String conversationId, String userId) implements Ring {}

    /** A session or device token was revoked: every node closes its sockets at once. */
    record SessionEnded(String orgId, String deviceId) implements Ring {}

    /**
     * A staff member's availability changed (set, cleared or lapsed). Carries no status: listeners read the current
     * one, so rings handled out of order still end on the stored value.
     */
    record AvailabilityChanged(String orgId, String userId) implements Ring {}

    /** An urgent alert was raised, acknowledged or escalated: its recipient's sockets are told its current state. */
    record UrgentChanged(String orgId, String alertId) implements Ring {}

    /**
     * A contact request changed (raised, status, assignee, new messages): the staff who may see it re-read their
     * queue's counts and list. Carries ids only.
     */
    record ContactRequestChanged(String orgId, String requestId) implements Ring {}
}
