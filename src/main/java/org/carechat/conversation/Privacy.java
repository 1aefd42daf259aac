package org.carechat.conversation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.carechat.timeline.TimelineEntry;

/**
 * What one viewer may learn about the people in their conversations (seed 004, "group messages"): staff see
 * everyone; a patient sees staff by name, themselves, and other patients only as {@value #ANOTHER_PATIENT} — never
 * their names or ids — and receipts only from staff. Made by {@link ConversationPolicy#privacyFor}; every view that
 * names members, senders or readers (history, live frames, catch-up, inbox, details, markers) passes through one.
 */
public final class Privacy {

    /** How another patient appears to a patient. */
    public static final String ANOTHER_PATIENT = "Another patient";

    /** A staff member's view: nothing is hidden. */
    public static final Privacy STAFF = new Privacy(null, null, id -> false);

    private final String viewerId;
    private final String viewerPatientId;
    private final Predicate<String> isPatientAccount;

    Privacy(String viewerId, String viewerPatientId, Predicate<String> isPatientAccount) {
        this.viewerId = viewerId;
        this.viewerPatientId = viewerPatientId;
        this.isPatientAccount = isPatientAccount;
    }

    /** Whether the viewer is a patient (anything can be hidden from them). */
    public boolean restricted() {
        return viewerId != null;
    }

    /** Whether the viewer may be told {@code userId} and that user's name. */
    public boolean mayName(String userId) {
        return !restricted() || userId == null || userId.equals(viewerId) || !isPatientAccount.test(userId);
    }

    /** Whether the viewer is shown {@code userId}'s delivered and read markers (receipts come only from staff). */
    public boolean showsReceiptsOf(String userId) {
        return mayName(userId);
    }

    /**
     * Whether the viewer may be told the patient record {@code patientId} a conversation is linked to: staff always,
     * a patient only when it is their own.
     */
    public boolean mayShowPatient(String patientId) {
        return !restricted() || patientId == null || patientId.equals(viewerPatientId);
    }

    /** The conversation as this viewer may see it (another patient's record link removed). */
    public Conversation conversation(Conversation c) {
        if (mayShowPatient(c.patientId())) {
            return c;
        }
        return new Conversation(
                c.id(),
                c.orgId(),
                c.kind(),
                c.audience(),
                c.topic(),
                null,
                c.acceptResponses(),
                c.lastSeq(),
                c.lastActivityAt(),
                c.createdBy(),
                c.createdAt(),
                c.careTeamId(),
                c.purgedAt());
    }

    /**
     * A timeline entry as this viewer may see it: another patient as sender is {@value #ANOTHER_PATIENT} without an
     * id, and other patients' ids are taken out of event details. Staff viewers get the entry unchanged.
     */
    public TimelineEntry entry(TimelineEntry e) {
        if (!restricted()) {
            return e;
        }
        boolean hideSender = !mayName(e.senderId());
        return new TimelineEntry(
                e.id(),
                e.conversationId(),
                e.seq(),
                e.kind(),
                hideSender ? null : e.senderId(),
                hideSender ? ANOTHER_PATIENT : e.senderName(),
                hideSender ? null : e.clientMsgId(),
                e.body(),
                redacted(e.meta()),
                e.createdAt(),
                e.deleted(),
                e.receipts(),
                e.unreadable(),
                quote(e.quote()));
    }

    /** A quoted message's sender is told as the entry's own sender is: another patient without name or id. */
    private TimelineEntry.Quote quote(TimelineEntry.Quote q) {
        if (q == null || mayName(q.senderId())) {
            return q;
        }
        return new TimelineEntry.Quote(q.seq(), null, ANOTHER_PATIENT, q.excerpt(), q.gone());
    }

    private Map<String, Object> redacted(Map<String, Object> meta) {
        if (meta == null) {
            return null;
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        meta.forEach((key, value) -> {
            if (value instanceof List<?> ids && (key.equals("members") || key.equals("owners"))) {
                shown.put(
                        key,
                        ids.stream().filter(i -> mayName(String.valueOf(i))).toList());
            } else if (key.equals("userId") && !mayName(String.valueOf(value))) {
                shown.put("anotherPatient", true);
            } else {
                shown.put(key, value);
            }
        });
        return shown;
    }
}
