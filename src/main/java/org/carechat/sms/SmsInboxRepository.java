package org.carechat.sms;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The receipts of mobile-originated SMS ({@code sms_inbound}) and the parts of concatenated ones waiting for the rest
 * ({@code sms_concat}, {@code sms_part}). Installation-wide: an SMS is recognised before it is known which
 * organisation it belongs to. Holds fingerprints, and texts only sealed and only until they are put together.
 */
@Repository
class SmsInboxRepository {

    private final JdbcClient jdbc;

    SmsInboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return whether it was recorded; false when an SMS with the same key was recorded before */
    boolean recordReceipt(String id, String dedupKey, String windowKey, long receivedAt) {
        return jdbc.sql("INSERT INTO sms_inbound (id, dedup_key, window_key, received_at) VALUES (?, ?, ?, ?) "
                                + "ON CONFLICT (dedup_key) DO NOTHING")
                        .params(id, dedupKey, windowKey, receivedAt)
                        .update()
                == 1;
    }

    boolean seenSince(String windowKey, long since) {
        return jdbc.sql("SELECT COUNT(*) FROM sms_inbound WHERE window_key = ? AND received_at >= ?")
                        .params(windowKey, since)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void markRouted(String id, String orgId) {
        jdbc.sql("UPDATE sms_inbound SET org_id = ? WHERE id = ?")
                .params(orgId, id)
                .update();
    }

    void keepUnrouted(String id, String sealed) {
        jdbc.sql("UPDATE sms_inbound SET unrouted_body = ? WHERE id = ?")
                .params(sealed, id)
                .update();
    }

    /** A concatenated message being put together: one generation of its sender's reference. */
    record Concat(String id, int generation, int total, Long assembledAt, String address) {}

    record Part(int number, String partKey, String body) {}

    Optional<Concat> latestConcat(String groupKey) {
        return jdbc.sql("SELECT id, generation, total, assembled_at, address FROM sms_concat WHERE group_key = ? "
                        + "ORDER BY generation DESC LIMIT 1")
                .param(groupKey)
                .query((rs, n) -> new Concat(
                        rs.getString("id"),
                        rs.getInt("generation"),
                        rs.getInt("total"),
                        rs.getObject("assembled_at") == null ? null : rs.getLong("assembled_at"),
                        rs.getString("address")))
                .optional();
    }

    /** @param address the destination and sender, sealed: needed to deliver the parts should the rest never come */
    void insertConcat(String id, String groupKey, int generation, int total, String address, long now) {
        jdbc.sql("INSERT INTO sms_concat (id, group_key, generation, total, parts_seen, address, first_at) "
                        + "VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (group_key, generation) DO NOTHING")
                .params(id, groupKey, generation, total, address, now)
                .update();
    }

    List<Part> parts(String concatId) {
        return jdbc.sql("SELECT part, part_key, body FROM sms_part WHERE concat_id = ? ORDER BY part")
                .param(concatId)
                .query((rs, n) -> new Part(rs.getInt("part"), rs.getString("part_key"), rs.getString("body")))
                .list();
    }

    void insertPart(String concatId, int number, String partKey, String sealedBody, long now) {
        jdbc.sql("INSERT INTO sms_part (concat_id, part, part_key, body, received_at) VALUES (?, ?, ?, ?, ?)")
                .params(concatId, number, partKey, sealedBody, now)
                .update();
    }

    /**
     * Counts one more part, under the row's lock (PostgreSQL), so that of two parts arriving together exactly one
     * sees the last count.
     */
    int countPart(String concatId) {
        return jdbc.sql("UPDATE sms_concat SET parts_seen = parts_seen + 1 WHERE id = ? RETURNING parts_seen")
                .param(concatId)
                .query(Integer.class)
                .single();
    }

    /** @return whether this call claimed it (it was not assembled yet) */
    boolean claimAssembly(String concatId, long now) {
        return jdbc.sql("UPDATE sms_concat SET assembled_at = ? WHERE id = ? AND assembled_at IS NULL")
                        .params(now, concatId)
                        .update()
                == 1;
    }

    /** Once put together, the parts keep only their fingerprints (to recognise a part delivered again). */
    void forgetBodies(String concatId) {
        jdbc.sql("UPDATE sms_part SET body = NULL WHERE concat_id = ?")
                .param(concatId)
                .update();
        jdbc.sql("UPDATE sms_concat SET address = NULL WHERE id = ?")
                .param(concatId)
                .update();
    }

    List<String> unassembledBefore(long firstBefore, int limit) {
        return jdbc.sql("SELECT id FROM sms_concat WHERE assembled_at IS NULL AND first_at < ? ORDER BY first_at "
                        + "LIMIT ?")
                .params(firstBefore, limit)
                .query(String.class)
                .list();
    }

    Optional<Concat> concat(String id) {
        return jdbc.sql("SELECT id, generation, total, assembled_at, address FROM sms_concat WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Concat(
                        rs.getString("id"),
                        rs.getInt("generation"),
                        rs.getInt("total"),
                        rs.getObject("assembled_at") == null ? null : rs.getLong("assembled_at"),
                        rs.getString("address")))
                .optional();
    }

    /** Forgets receipts and assembled parts older than {@code before} (redeliveries come within hours). */
    int forgetBefore(long before) {
        int parts = jdbc.sql("DELETE FROM sms_part WHERE concat_id IN "
                        + "(SELECT id FROM sms_concat WHERE assembled_at IS NOT NULL AND assembled_at < ?)")
                .param(before)
                .update();
        int concats = jdbc.sql("DELETE FROM sms_concat WHERE assembled_at IS NOT NULL AND assembled_at < ?")
                .param(before)
                .update();
        int receipts = jdbc.sql("DELETE FROM sms_inbound WHERE received_at < ? AND unrouted_body IS NULL")
                .param(before)
                .update();
        return parts + concats + receipts;
    }
}
