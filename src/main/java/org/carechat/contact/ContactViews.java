package org.carechat.contact;

import java.util.List;
import org.carechat.timeline.TimelineEntry;

/** What the API answers about contact requests (JSON); never a row's sealed fields. */
final class ContactViews {

    private ContactViews() {}

    record Ref(String id, String name) {}

    /**
     * The person behind a request: the linked record, else what they gave (form) or only their number (SMS).
     *
     * @param matched     linked to a patient record
     * @param mobile      the number SMS go to (E.164), or null
     * @param mobileValid whether that is a valid mobile number (an SMS can be sent)
     */
    record Person(
            String name,
            String patientId,
            String mrn,
            String birthDate,
            String mobile,
            boolean matched,
            boolean mobileValid,
            boolean hasAccount) {}

    /** A row of the queue. {@code threadHidden}: the caller closed its thread and nothing came since. */
    record Summary(
            String id,
            String status,
            String source,
            Ref reason,
            Person person,
            Ref assignee,
            boolean newMessages,
            boolean threadHidden,
            String preferredChannel,
            long createdAt,
            long statusChangedAt,
            Long lastPatientAt) {}

    /** A step in the request's history: a status change, an assignment, a link, a conversion. */
    record Step(String kind, String status, String from, Ref by, Ref assignee, long at) {}

    /** The conversation a request's thread is, for the web apps' timeline model. */
    record Thread(String id, long lastSeq) {}

    /**
     * One request, opened. {@code members} is empty (its thread has none) and present for the thread model; {@code
     * messageBlockedBecause}: why "Send message" is not offered now, or null when it is.
     */
    record Details(
            Summary request,
            Thread conversation,
            List<Object> members,
            List<Step> history,
            boolean smsAvailable,
            String messageBlockedBecause,
            String convertedTo) {}

    /** A request as its patient sees it in the app. {@code replyBlockedBecause}: null while they may answer. */
    record Own(
            String id,
            String status,
            Ref reason,
            long createdAt,
            Thread conversation,
            List<Object> members,
            String replyBlockedBecause) {}

    /**
     * An entry of a request's thread: the timeline entry, and for an SMS to the patient where it stands ({@code
     * queued}, {@code sending}, {@code sent}, {@code delivered}, {@code failed} with {@code smsReason}).
     */
    record Entry(
            String id,
            String conversationId,
            long seq,
            String kind,
            String senderId,
            String senderName,
            String clientMsgId,
            String body,
            java.util.Map<String, Object> meta,
            long createdAt,
            boolean deleted,
            String smsState,
            String smsReason) {

        static Entry of(TimelineEntry e, ContactSmsRepository.Sms sms) {
            return new Entry(
                    e.id(),
                    e.conversationId(),
                    e.seq(),
                    e.kind().code(),
                    e.senderId(),
                    e.senderName(),
                    e.clientMsgId(),
                    e.body(),
                    e.meta(),
                    e.createdAt(),
                    e.deleted(),
                    sms == null ? null : sms.state(),
                    sms == null ? null : sms.reason());
        }

        @Override
        public String toString() {
            return "Entry[seq=" + seq + ", kind=" + kind + "]";
        }
    }

    /** How many requests each tab holds (New, In progress, Complete, New messages). */
    record Counts(long newRequests, long inProgress, long complete, long newMessages) {}

    /** The answer to a send: the entry's place, and where the SMS stands once the SMS centre was asked. */
    record Sent(String messageId, long seq, boolean duplicate, String state, String reason) {}
}
