package org.carechat.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A conversation: direct (two people) or group; for staff only, with a patient, or mixed; optionally about a
 * topic and linked to one patient record.
 *
 * @param acceptResponses 2-way when true; when false (1-way) only owners may write
 * @param lastSeq         the seq of the newest timeline entry
 * @param careTeamId      the care team whose members are members of the conversation while in the team, or null
 * @param purgedAt        when retention purged it (its texts are gone, it takes no new ones), or null
 */
public record Conversation(
        String id,
        String orgId,
        Kind kind,
        Audience audience,
        String topic,
        String patientId,
        boolean acceptResponses,
        long lastSeq,
        long lastActivityAt,
        String createdBy,
        long createdAt,
        String careTeamId,
        Long purgedAt) {

    /** No topic: it can name a patient (identifying data never reaches a log through this). */
    @Override
    public String toString() {
        return "Conversation[id=" + id + ", orgId=" + orgId + ", kind=" + kind + ", audience=" + audience + "]";
    }

    public enum Kind {
        DIRECT,
        GROUP;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Audience {
        STAFF,
        PATIENT,
        MIXED;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
