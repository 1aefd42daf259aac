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
                        + " AS held, r.days, r.lengthened FROM conversation c "
                        + "LEFT JOIN conversation_retention r ON r.conversation_id = c.id "
                        + "WHERE c.id = ? AND c.org_id = ?")
                .params(conversationId, orgId)
                .query((rs, n) -> new PurgeDates.Facts(
                        rs.getString(1),
                        rs.getLong(2),
                        override(rs.getObject(5), rs.getInt(6)),
                        rs.getObject(3) == null ? null : rs.getLong(3),
                        rs.getInt(4) == 1))
                .optional();
    }

    /** The override a {@code conversation_retention} row read by a LEFT JOIN says: none when there is no row. */
    static PurgeDates.Override override(Object days, int lengthened) {
        return days == null ? null : new PurgeDates.Override(((Number) days).intValue(), lengthened == 1);
    }
}
