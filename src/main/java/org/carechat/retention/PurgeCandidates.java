package org.carechat.retention;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The conversations the purge job looks at: every one not yet purged, in pages by id, with what decides its purge day
 * and the retention key its keyset is under now. Reads the conversation and crypto features' tables, read-only
 * (docs/database.md): the job must see every conversation, and one query per page keeps it cheap.
 */
@Repository
class PurgeCandidates {

    /** A conversation as the purge job sees it; {@code kekBucket} null: under the master key, or no keyset. */
    record Candidate(
            String id,
            String orgId,
            String audience,
            long lastActivityAt,
            Long dischargedAt,
            boolean held,
            String kekBucket,
            PurgeDates.Override override) {

        PurgeDates.Facts facts() {
            return new PurgeDates.Facts(audience, lastActivityAt, override, dischargedAt, held);
        }
    }

    private final JdbcClient jdbc;

    PurgeCandidates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Candidate> page(String afterId, int limit) {
        return jdbc.sql("SELECT c.id, c.org_id, c.audience, c.last_activity_at, c.discharged_at, " + HoldSql.HELD
                        + " AS held, k.kek_bucket, r.days AS override_days, r.lengthened FROM conversation c "
                        + "LEFT JOIN conversation_key k ON k.conversation_id = c.id "
                        + "LEFT JOIN conversation_retention r ON r.conversation_id = c.id "
                        + "WHERE c.purged_at IS NULL AND c.id > ? ORDER BY c.id LIMIT ?")
                .params(afterId, limit)
                .query((rs, n) -> new Candidate(
                        rs.getString("id"),
                        rs.getString("org_id"),
                        rs.getString("audience"),
                        rs.getLong("last_activity_at"),
                        rs.getObject("discharged_at") == null ? null : rs.getLong("discharged_at"),
                        rs.getInt("held") == 1,
                        rs.getString("kek_bucket"),
                        ConversationFacts.override(rs.getObject("override_days"), rs.getInt("lengthened"))))
                .list();
    }
}
