package org.carechat.timeline;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * What a timeline entry is. Its {@link #code} is the {@code kind} of the entry on the wire (live events, catch-up
 * batches, history pages), which both web apps switch on: a code never changes once released.
 *
 * <p>The server switches on what a kind does, not on the kind itself, so a new kind needs no special case:
 * <ul>
 *   <li>{@link #carriesText()}: the entry holds a text a member reads (encrypted at rest, with its sender's client
 *       message id for retries). Such entries are counted as unread, previewed in the inbox, shown with delivered
 *       and read receipts, can be deleted, and can carry attachments.
 *   <li>{@link #changesMembers()}: appending the entry may change who is in the conversation, so live delivery looks
 *       the members up again instead of only the sockets already watching.
 *   <li>Every other kind is an event: ids, codes and times in {@code meta}, never clinical content. An event that
 *       records a step of an earlier entry names it by {@code meta.seq} (deleted, acknowledged, escalated,
 *       forwarded).
 * </ul>
 *
 * <p>The kinds to come fit these shapes: an SMS to or from a patient carries text, and its delivery reports are steps
 * naming its seq; a contact request's status change, a filing into the record and a purge tombstone are events.
 * docs/delivery.md §Adding an entry kind lists what to touch.
 */
public enum EntryKind {
    /** A text message (with attachments, possibly urgent): {@code meta.urgent}, {@code meta.attachments}. */
    TEXT("text", true, false),
    /** The first entry: {@code meta.members}, {@code meta.owners}. */
    CONVERSATION_CREATED("conversation_created", false, true),
    /** {@code meta.userId}, {@code meta.role}. */
    MEMBER_ADDED("member_added", false, true),
    /** {@code meta.userId}: that member's sockets are sent this entry and then nothing more. */
    MEMBER_REMOVED("member_removed", false, true),
    /** {@code meta.acceptResponses}, {@code meta.topicChanged}; a new care team's members join with it. */
    SETTINGS_CHANGED("settings_changed", false, true),
    /** {@code meta.seq}: the text deleted for everyone. */
    MESSAGE_DELETED("message_deleted", false, false),
    /** {@code meta.seq}, {@code meta.userId}: who acknowledged the urgent text at that seq. */
    URGENT_ACKNOWLEDGED("urgent_acknowledged", false, false),
    /** {@code meta.seq}, {@code meta.from}, {@code meta.to}: the urgent text's duty passed on, unacknowledged. */
    URGENT_ESCALATED("urgent_escalated", false, false),
    /** {@code meta.seq}, {@code meta.from}, {@code meta.to}, {@code meta.status}, {@code meta.until}: copies sent. */
    FORWARDED("forwarded", false, false),
    /**
     * A contact request's status: {@code meta.status} ({@code new}, {@code in_progress}, {@code complete}), {@code
     * meta.from} (the one before; absent for the first), {@code meta.source} on the first ({@code app}, {@code form},
     * {@code sms}).
     */
    CONTACT_STATUS("contact_status", false, false),
    /** A contact request assigned: {@code meta.userId}, or {@code meta.unassigned: true}. */
    CONTACT_ASSIGNED("contact_assigned", false, false),
    /** A contact request linked to a patient record: {@code meta.patientId}. */
    CONTACT_LINKED("contact_linked", false, false),
    /** A contact request continued as a regular patient conversation: {@code meta.conversationId}. */
    CONTACT_CONVERTED("contact_converted", false, false),
    /**
     * An SMS to the patient: {@code meta.parts}, {@code meta.encoding} ({@code gsm7}, {@code ucs2}), {@code meta.auto}
     * ({@code acknowledgement}, {@code closed}) for an automatic answer. Its state follows in {@link #SMS_STATUS}.
     */
    SMS_OUT("sms_out", true, false),
    /**
     * An SMS from the patient: {@code meta.afterClose} when it came after the case was closed, {@code meta.incomplete}
     * when parts of it never arrived.
     */
    SMS_IN("sms_in", true, false),
    /**
     * A step of the SMS at {@code meta.seq}: {@code meta.state} ({@code sent}: the SMS centre took it; {@code
     * delivered}: the phone has it; {@code failed}, with {@code meta.reason}).
     */
    SMS_STATUS("sms_status", false, false),
    /**
     * The tombstone of a conversation purged by its organisation's retention policy (docs/retention.md): {@code
     * meta.purgedAt} (epoch ms), {@code meta.reason} ({@code policy}: its period after the last activity ended;
     * {@code discharge}: the grace period after its patient's discharge ended). Its texts are gone; it is the last
     * entry.
     */
    PURGED("purged", false, false),
    /**
     * The conversation filed to the patient's record in the EHR (docs/fhir.md): {@code meta.upToSeq} (the texts up
     * to it were filed), {@code meta.messages} (how many), {@code meta.requestedBy} (the staff member who asked).
     */
    FILED("filed", false, false);

    private final String code;
    private final boolean carriesText;
    private final boolean changesMembers;

    EntryKind(String code, boolean carriesText, boolean changesMembers) {
        this.code = code;
        this.carriesText = carriesText;
        this.changesMembers = changesMembers;
    }

    /** The name on the wire and in the database's {@code kind} column. */
    @JsonValue
    public String code() {
        return code;
    }

    public boolean carriesText() {
        return carriesText;
    }

    public boolean changesMembers() {
        return changesMembers;
    }

    /** The kind stored as {@code code}. */
    public static EntryKind of(String code) {
        for (EntryKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no timeline entry kind is called " + code);
    }

    /** The codes of the kinds that carry text, for queries over the messages members read. */
    static List<String> textCodes() {
        return Arrays.stream(values())
                .filter(EntryKind::carriesText)
                .map(EntryKind::code)
                .toList();
    }
}
