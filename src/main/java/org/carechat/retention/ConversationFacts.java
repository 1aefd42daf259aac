package org.carechat.retention;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What decides a conversation's purge day, read from the database as it is now ({@link PurgeDates.Facts}). */
@Repository
class ConversationFacts {

    private final JdbcClient jdbc;

    ConversationFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The conversation's facts, or empty when it does not exist in the organisation. */
    Optional<PurgeDates.Facts> of(String orgId, String conversationId) {
        return jdbc.sql("SELECT c.audience, c.last_activity_at, c.discharged_at, " + HoldSql.HELD
                        + " AS held FROM conversation c WHERE c.id = ? AND c.org_id = ?")
                .params(conversationId, orgId)
                .query((rs, n) -> new PurgeDates.Facts(
                        rs.getString(1),
                        rs.getLong(2),
                        null,
                        rs.getObject(3) == null ? null : rs.getLong(3),
                        rs.getInt(4) == 1))
                .optional();
    }
}
