package org.carechat.retention;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The legal holds ({@code legal_hold}). Checks a target exists in the organisation by reading the conversation, patient
 * and user tables, read-only.
 */
@Repository
class LegalHolds {

    private final JdbcClient jdbc;

    LegalHolds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean targetExists(String orgId, String targetType, String targetId) {
        String table = switch (targetType) {
            case "conversation" -> "conversation";
            case "patient" -> "patient";
            case "user" -> "app_user";
            default -> throw new IllegalArgumentException("no hold target type " + targetType);
        };
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE id = ? AND org_id = ?")
                        .params(targetId, orgId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void insert(String orgId, LegalHold hold) {
        jdbc.sql("INSERT INTO legal_hold (id, org_id, target_type, target_id, reason, placed_by, placed_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        hold.id(),
                        orgId,
                        hold.targetType(),
                        hold.targetId(),
                        hold.reason(),
                        hold.placedBy(),
                        hold.placedAt())
                .update();
    }

    List<LegalHold> active(String orgId) {
        return jdbc.sql("SELECT id, target_type, target_id, reason, placed_by, placed_at FROM legal_hold "
                        + "WHERE org_id = ? AND released_at IS NULL ORDER BY placed_at, id")
                .param(orgId)
                .query(LegalHold.class)
                .list();
    }

    List<LegalHold> activeOn(String orgId, String targetType, String targetId) {
        return jdbc.sql("SELECT id, target_type, target_id, reason, placed_by, placed_at FROM legal_hold "
                        + "WHERE org_id = ? AND target_type = ? AND target_id = ? AND released_at IS NULL")
                .params(orgId, targetType, targetId)
                .query(LegalHold.class)
                .list();
    }

    void release(String holdId, String releasedBy, String reason, long now) {
        jdbc.sql("UPDATE legal_hold SET released_by = ?, released_at = ?, release_reason = ? "
                        + "WHERE id = ? AND released_at IS NULL")
                .params(releasedBy, now, reason, holdId)
                .update();
    }

    /**
     * Takes the row lock of every conversation of the organisation under an active hold, as the purge does: a purge
     * running now either committed before or sees the hold (RetentionPurge).
     */
    void lockHeldConversations(String orgId) {
        jdbc.sql("UPDATE conversation SET purged_at = purged_at WHERE org_id = ? AND purged_at IS NULL AND id IN "
                        + "(SELECT c.id FROM conversation c WHERE c.org_id = ? AND " + HoldSql.HELD + " = 1)")
                .params(orgId, orgId)
                .update();
    }
}
