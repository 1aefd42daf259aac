package org.carechat.retention;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Conversations' own retention periods ({@code conversation_retention}); no row: the audience's period. */
@Repository
class RetentionOverrides {

    private final JdbcClient jdbc;

    RetentionOverrides(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<PurgeDates.Override> find(String orgId, String conversationId) {
        return jdbc.sql("SELECT days, lengthened FROM conversation_retention WHERE org_id = ? AND conversation_id = ?")
                .params(orgId, conversationId)
                .query((rs, n) -> new PurgeDates.Override(rs.getInt(1), rs.getInt(2) == 1))
                .optional();
    }

    /**
     * Sets the override, after taking the conversation's row lock (the lock the purge takes): a purge running now
     * either committed before or sees the new period.
     */
    void save(String orgId, String conversationId, PurgeDates.Override override, String setBy, long now) {
        lockConversation(orgId, conversationId);
        jdbc.sql("INSERT INTO conversation_retention (conversation_id, org_id, days, lengthened, set_by, set_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO UPDATE SET days = excluded.days, "
                        + "lengthened = excluded.lengthened, set_by = excluded.set_by, set_at = excluded.set_at")
                .params(conversationId, orgId, override.days(), override.lengthened() ? 1 : 0, setBy, now)
                .update();
    }

    /** Removes the override, under the conversation's row lock; whether there was one. */
    boolean delete(String orgId, String conversationId) {
        lockConversation(orgId, conversationId);
        return jdbc.sql("DELETE FROM conversation_retention WHERE org_id = ? AND conversation_id = ?")
                        .params(orgId, conversationId)
                        .update()
                == 1;
    }

    private void lockConversation(String orgId, String conversationId) {
        jdbc.sql("UPDATE conversation SET purged_at = purged_at WHERE org_id = ? AND id = ?")
                .params(orgId, conversationId)
                .update();
    }
}
