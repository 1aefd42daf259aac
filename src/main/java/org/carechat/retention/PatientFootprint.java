package org.carechat.retention;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where a patient is in the conversations (their export and erasure, docs/retention.md): the conversations linked to
 * their record, those their account is a member of, and those it wrote in; and the holds in force over any of it.
 * Reads the conversation, message, identity and hold tables, read-only, as {@link PurgeCandidates} does.
 */
@Repository
class PatientFootprint {

    /**
     * One conversation a patient was in.
     *
     * @param otherPatients another patient is in it too (linked to it, or a member or writer with their own account):
     *                      it is not theirs alone
     * @param linked        linked to their record (its topic may name them)
     */
    record Conversation(String id, long lastActivityAt, Long purgedAt, boolean otherPatients, boolean linked) {}

    private static final String OTHER_PATIENTS = "CASE WHEN (c.patient_id IS NOT NULL AND c.patient_id <> :p) "
            + "OR EXISTS (SELECT 1 FROM conversation_member m JOIN app_user u ON u.id = m.user_id "
            + "WHERE m.conversation_id = c.id AND u.patient_id IS NOT NULL AND u.patient_id <> :p) "
            + "OR EXISTS (SELECT 1 FROM message w JOIN app_user u ON u.id = w.sender_id "
            + "WHERE w.conversation_id = c.id AND u.patient_id IS NOT NULL AND u.patient_id <> :p) "
            + "THEN 1 ELSE 0 END";

    private final JdbcClient jdbc;

    PatientFootprint(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The patient's conversations, oldest first, with {@code threads} (their contact requests' threads);
     * {@code accountId} null when they have no account.
     */
    List<Conversation> conversations(String orgId, String patientId, String accountId, List<String> threads) {
        return jdbc.sql("SELECT c.id, c.last_activity_at, c.purged_at, " + OTHER_PATIENTS + " AS others, "
                        + "CASE WHEN c.patient_id = :p THEN 1 ELSE 0 END AS linked "
                        + "FROM conversation c WHERE c.org_id = :org AND (c.patient_id = :p "
                        + "OR EXISTS (SELECT 1 FROM conversation_member m WHERE m.conversation_id = c.id "
                        + "AND m.user_id = :account) "
                        + "OR EXISTS (SELECT 1 FROM message w WHERE w.conversation_id = c.id AND w.sender_id = :account) "
                        + "OR c.id IN (:threads)) ORDER BY c.created_at, c.id")
                .param("org", orgId)
                .param("p", patientId)
                .param("account", accountId == null ? "" : accountId)
                .param("threads", threads.isEmpty() ? List.of("") : threads)
                .query((rs, n) -> new Conversation(
                        rs.getString("id"),
                        rs.getLong("last_activity_at"),
                        rs.getObject("purged_at") == null ? null : rs.getLong("purged_at"),
                        rs.getInt("others") == 1,
                        rs.getInt("linked") == 1))
                .list();
    }

    /**
     * The holds in force over a patient's data, oldest first: on their record, on their account, on one of their
     * {@code conversationIds}, or covering one of those conversations through its linked patient or a member
     * ({@link HoldSql}).
     */
    List<LegalHold> holdsOver(String orgId, String patientId, String accountId, List<String> conversationIds) {
        List<String> ids = conversationIds.isEmpty() ? List.of("") : conversationIds;
        return jdbc.sql("SELECT h.id, h.target_type, h.target_id, h.reason, h.placed_by, h.placed_at "
                        + "FROM legal_hold h WHERE h.org_id = :org AND h.released_at IS NULL AND ("
                        + "(h.target_type = 'patient' AND h.target_id = :p) "
                        + "OR (h.target_type = 'user' AND h.target_id = :account) "
                        + "OR (h.target_type = 'conversation' AND h.target_id IN (:ids)) "
                        + "OR (h.target_type = 'patient' AND h.target_id IN "
                        + "(SELECT c.patient_id FROM conversation c WHERE c.id IN (:ids))) "
                        + "OR (h.target_type = 'patient' AND h.target_id IN (SELECT u.patient_id FROM "
                        + "conversation_member m JOIN app_user u ON u.id = m.user_id WHERE m.conversation_id IN (:ids))) "
                        + "OR (h.target_type = 'user' AND h.target_id IN "
                        + "(SELECT m.user_id FROM conversation_member m WHERE m.conversation_id IN (:ids)))) "
                        + "ORDER BY h.placed_at, h.id")
                .param("org", orgId)
                .param("p", patientId)
                .param("account", accountId == null ? "" : accountId)
                .param("ids", ids)
                .query(LegalHold.class)
                .list();
    }
}
