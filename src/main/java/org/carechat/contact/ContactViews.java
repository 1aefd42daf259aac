package org.carechat.contact;

import java.util.List;
import org.carechat.timeline.TimelineEntry;

/** What the API answers about contact requests (JSON); never a row's sealed fields. */
final class ContactViews {

    private ContactViews() {}

    record Ref(String id, String name) {}

    /** A reason a patient may pick when contacting the practice. */
    record ReasonChoice(String id, String label) {

        static ReasonChoice of(ContactReason reason) {
            return new ReasonChoice(reason.id(), reason.label());
        }
    }

    /**
     * The person behind a request: the linked record, else what they gave (form) or only their number (SMS).
     *
     * @param matched     linked to a patient record
     * @param mobile      the number SMS go to (E.164), or null
     * @param mobileValid whether that is a valid mobile number (an SMS can be sent)
     */
    record RequestPerson(
            String name,
            String patientId,
            String mrn,
            String birthDate,
            String mobile,
            boolean matched,
            boolean mobileValid,
            boolean hasAccount) {}

    /** A row of the queue. {@code threadHidden}: the caller closed its thread and nothing came since. */
    record RequestSummary(
            String id,
            String status,
            String source,
            Ref reason,
            RequestPerson person,
            Ref assignee,
            boolean newMessages,
            boolean threadHidden,
            String preferredChannel,
            long createdAt,
            long statusChangedAt,
            Long lastPatientAt) {}

    /** A step in the request's history: a status change, an assignment, a link, a conversion. */
    record RequestStep(String kind, String status, String from, Ref by, Ref assignee, long at) {}

    /** The conversation a request's thread is, for the web apps' timeline model. */
    record RequestThread(String id, long lastSeq) {}

    /**
     * One request, opened. {@code members} is empty (its thread has none) and present for the thread model; {@code
     * messageBlockedBecause}: why "Send message" is not offered now, or null when it is.
     */
    record RequestDetails(
            RequestSummary request,
            RequestThread conversation,
            List<Object> members,
            List<RequestStep> history,
            boolean smsAvailable,
            String messageBlockedBecause,
            String convertedTo) {}

    /** A request as its patient sees it in the app. {@code replyBlockedBecause}: null while they may answer. */
    record OwnRequest(
            String id,
            String status,
            Ref reason,
            long createdAt,
            RequestThread conversation,
            List<Object> members,
            String replyBlockedBecause) {}

    /**
     * An entry of a request's thread: the timeline entry, and for an SMS to the patient where it stands ({@code
     * queued}, {@code sending}, {@code sent}, {@code delivered}, {@code failed} with {@code smsReason}).
     */
    record RequestEntry(
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
            Boolean unreadable,
            String smsState,
            String smsReason) {

        static RequestEntry of(TimelineEntry e, ContactSmsRepository.Sms sms) {
            return new RequestEntry(
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
                    e.unreadable(),
                    sms == null ? null : sms.state(),
                    sms == null ? null : sms.reason());
        }

        @Override
        public String toString() {
            return "RequestEntry[seq=" + seq + ", kind=" + kind + "]";
        }
    }

    /** How many requests each tab holds (New, In progress, Complete, New messages). */
    record RequestCounts(long newRequests, long inProgress, long complete, long newMessages) {}

    /** The answer to a send: the entry's place, and where the SMS stands once the SMS centre was asked. */
    record RequestTextSent(String messageId, long seq, boolean duplicate, String state, String reason) {}
}
