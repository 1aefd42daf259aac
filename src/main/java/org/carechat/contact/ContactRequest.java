package org.carechat.contact;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A contact request as stored. What identifies the person is sealed ({@code details}, {@code mobile}: opened by
 * {@link ContactSealing}); the rest is ids, codes and times.
 *
 * @param patientId       the patient record, or null while unmatched
 * @param requesterId     the patient's account that raised it in the app, or null
 * @param mobileIndex     fingerprint of the number SMS go to (routing of replies, search), or null for none
 * @param newMessages     the patient wrote since someone of the team last opened it ("New messages")
 * @param lastPatientAt   when the patient last wrote (SMS or app), or null
 * @param closedAnswered  the closed-case answer went out since the request was last closed
 * @param convertedTo     the regular patient conversation it was continued in, or null
 */
record ContactRequest(
        String id,
        String orgId,
        String conversationId,
        Status status,
        Source source,
        String reasonId,
        String patientId,
        String requesterId,
        byte[] details,
        byte[] mobile,
        String mobileIndex,
        Channel preferredChannel,
        String assigneeId,
        boolean newMessages,
        Long lastPatientAt,
        boolean closedAnswered,
        String convertedTo,
        long createdAt,
        long statusChangedAt) {

    /** New → In progress → Complete, and back from Complete to In progress (reopened from the archive). */
    enum Status {
        NEW,
        IN_PROGRESS,
        COMPLETE;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status parse(String code) {
            for (Status s : values()) {
                if (s.code().equals(code)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no status " + code);
        }
    }

    /** Where the request came from: the patient app, the public form, or an SMS to the practice's number. */
    enum Source {
        APP,
        FORM,
        SMS;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the patient would like to be answered. */
    enum Channel {
        SMS,
        APP,
        PHONE;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String code) {
        return Enum.valueOf(type, code.toUpperCase(Locale.ROOT));
    }

    /** Ids and codes only. */
    @Override
    public String toString() {
        return "ContactRequest[id=" + id + ", status=" + status.code() + ", source=" + source.code() + "]";
    }
}
