package org.carechat.retention;

import java.util.List;
import org.carechat.attachment.AttachmentExport;

/**
 * Everything CareChat holds about one patient, as their export carries it (docs/retention.md, GDPR Art. 15 and 20):
 * {@code patient.json} in the archive is this record. Texts another patient wrote in a shared conversation, and who
 * they are, are withheld: a copy must not give away another person's data (Art. 15(4)).
 *
 * @param format         {@value #FORMAT}: what reads it can tell the layout
 * @param exportedAt     epoch milliseconds
 * @param conversations  oldest first, each with its texts in order (a contact request's thread among them)
 * @param contactRequests the requests they raised or that are linked to them or came from their number, oldest first
 * @param accessLog      who did what with the patient's data, oldest first, from the audit trail
 */
record PatientArchive(
        String format,
        long exportedAt,
        String organisationId,
        Record patient,
        Account account,
        List<Conversation> conversations,
        List<ContactRequest> contactRequests,
        List<Access> accessLog) {

    static final String FORMAT = "carechat-patient-export/1";

    /** The patient's record as it is now; {@code birthDate} ISO, {@code mobile} E.164. */
    record Record(
            String id,
            String mrn,
            String givenName,
            String familyName,
            String birthDate,
            String mobile,
            String email,
            long createdAt) {}

    /** The patient's own sign-in account, when they registered. */
    record Account(String id, long createdAt, boolean disabled) {}

    /** A conversation the patient is linked to, a member of, or wrote in. */
    record Conversation(
            String id,
            String kind,
            String audience,
            String topic,
            long createdAt,
            Long purgedAt,
            List<Text> messages) {}

    /**
     * One text.
     *
     * @param text     {@code null} when deleted, purged or withheld
     * @param withheld written by another patient: neither the text nor who wrote it is given
     */
    record Text(
            String id,
            long seq,
            long sentAt,
            String senderId,
            String senderName,
            String text,
            boolean deleted,
            boolean withheld,
            List<File> attachments) {}

    /**
     * A contact request about the patient: how it came and who raised it as they gave it (null where not given).
     *
     * @param conversationId its thread (its texts and SMS are that conversation's)
     * @param mobile         the E.164 number its SMS go to
     */
    record ContactRequest(
            String id,
            String conversationId,
            String source,
            String status,
            long createdAt,
            String mobile,
            String givenName,
            String familyName,
            String birthDate,
            String mobileAsTyped) {}

    /** An attachment of a text; {@code path} names its file in the archive. */
    record File(String id, String name, String contentType, long size, String path) {}

    /** One audit row about the patient or one of their conversations; the actor withheld when another patient. */
    record Access(
            String id,
            long occurredAt,
            String type,
            String outcome,
            String actorId,
            String actorName,
            String targetType,
            String targetId,
            String conversationId) {}

    /** The archive's record and the files it names, by path. */
    record WithFiles(PatientArchive archive, List<Named> files) {}

    /** A file's content under its path in the archive. */
    record Named(String path, AttachmentExport.File file) {}
}
