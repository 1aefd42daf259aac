package org.carechat.retention;

/**
 * Whether conversation {@code c} is under an active legal hold, as SQL (1 or 0): a hold on the conversation, on the
 * patient its record link or a member's account names, or on one of its members.
 */
final class HoldSql {

    static final String HELD = "CASE WHEN EXISTS (SELECT 1 FROM legal_hold h WHERE h.org_id = c.org_id "
            + "AND h.released_at IS NULL AND ("
            + "(h.target_type = 'conversation' AND h.target_id = c.id) "
            + "OR (h.target_type = 'patient' AND h.target_id = c.patient_id) "
            + "OR (h.target_type = 'patient' AND EXISTS (SELECT 1 FROM conversation_member m "
            + "JOIN app_user u ON u.id = m.user_id WHERE m.conversation_id = c.id AND u.patient_id = h.target_id)) "
            + "OR (h.target_type = 'user' AND EXISTS (SELECT 1 FROM conversation_member m "
            + "WHERE m.conversation_id = c.id AND m.user_id = h.target_id)))) THEN 1 ELSE 0 END";

    private HoldSql() {}
}
