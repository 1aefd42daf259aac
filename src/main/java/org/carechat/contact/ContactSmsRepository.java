package org.carechat.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SMS sent to patients ({@code contact_sms}) and the SMS centre's id of each part ({@code contact_sms_part}). */
@Repository
class ContactSmsRepository {

    /** One SMS and where it stands. */
    record Sms(
            String id,
            String orgId,
            String requestId,
            String conversationId,
            long seq,
            String source,
            String state,
            int parts,
            int partsDelivered,
            String reason,
            int attempts) {}

    private static final String COLUMNS = "id, org_id, request_id, conversation_id, seq, source, state, parts, "
            + "parts_delivered, reason, attempts";

    private final JdbcClient jdbc;

    ContactSmsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Sms s, long now) {
        jdbc.sql("INSERT INTO contact_sms (id, org_id, request_id, conversation_id, seq, source, state, parts, "
                        + "next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)")
                .params(
                        s.id(),
                        s.orgId(),
                        s.requestId(),
                        s.conversationId(),
                        s.seq(),
                        s.source(),
                        s.parts(),
                        now,
                        now,
                        now)
                .update();
    }

    Optional<Sms> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact_sms WHERE id = ?")
                .param(id)
                .query(ContactSmsRepository::sms)
                .optional();
    }

    /**
     * Takes a queued SMS to hand it to the SMS centre: at most one caller (of any node) gets it.
     *
     * @return whether this caller took it
     */
    boolean claim(String id, long now, long leaseUntil) {
        return jdbc.sql("UPDATE contact_sms SET state = 'sending', lease_until = ?, attempts = attempts + 1, "
                                + "updated_at = ? WHERE id = ? AND state = 'queued' AND next_attempt_at <= ?")
                        .params(leaseUntil, now, id, now)
                        .update()
                == 1;
    }

    /** @return whether it moved from {@code from} to {@code to} */
    boolean move(String id, String from, String to, String reason, long now) {
        return jdbc.sql("UPDATE contact_sms SET state = ?, reason = ?, lease_until = NULL, updated_at = ? "
                                + "WHERE id = ? AND state = ?")
                        .params(to, reason, now, id, from)
                        .update()
                == 1;
    }

    void requeue(String id, long nextAttemptAt, String reason, long now) {
        jdbc.sql("UPDATE contact_sms SET state = 'queued', next_attempt_at = ?, reason = ?, lease_until = NULL, "
                        + "updated_at = ? WHERE id = ? AND state = 'sending'")
                .params(nextAttemptAt, reason, now, id)
                .update();
    }

    void insertPart(String smscId, String smsId, int part) {
        jdbc.sql("INSERT INTO contact_sms_part (smsc_id, sms_id, part) VALUES (?, ?, ?) "
                        + "ON CONFLICT (smsc_id) DO NOTHING")
                .params(smscId, smsId, part)
                .update();
    }

    /** The SMS a part's id belongs to. */
    Optional<String> smsOfPart(String smscId) {
        return jdbc.sql("SELECT sms_id FROM contact_sms_part WHERE smsc_id = ?")
                .param(smscId)
                .query(String.class)
                .optional();
    }

    /** @return whether the part had no final state yet (a receipt delivered twice changes nothing) */
    boolean settlePart(String smscId, String state) {
        return jdbc.sql("UPDATE contact_sms_part SET state = ? WHERE smsc_id = ? AND state IS NULL")
                        .params(state, smscId)
                        .update()
                == 1;
    }

    /** Counts a delivered part; returns how many of the SMS's parts are delivered now. */
    int countDelivered(String id) {
        return jdbc.sql("UPDATE contact_sms SET parts_delivered = parts_delivered + 1 WHERE id = ? "
                        + "RETURNING parts_delivered")
                .param(id)
                .query(Integer.class)
                .single();
    }

    record EarlyReceipt(String smscId, String state, String error) {}

    void keepEarlyReceipt(String smscId, String state, String error, long now) {
        jdbc.sql("INSERT INTO contact_sms_early_receipt (smsc_id, state, error, received_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (smsc_id) DO NOTHING")
                .params(smscId, state, error, now)
                .update();
    }

    Optional<EarlyReceipt> takeEarlyReceipt(String smscId) {
        Optional<EarlyReceipt> found = jdbc.sql(
                        "SELECT smsc_id, state, error FROM contact_sms_early_receipt WHERE smsc_id = ?")
                .param(smscId)
                .query((rs, n) ->
                        new EarlyReceipt(rs.getString("smsc_id"), rs.getString("state"), rs.getString("error")))
                .optional();
        found.ifPresent(r -> jdbc.sql("DELETE FROM contact_sms_early_receipt WHERE smsc_id = ?")
                .param(smscId)
                .update());
        return found;
    }

    /** Receipts for ids never recorded here (notices, one-time codes) are forgotten after a day. */
    void forgetEarlyReceipts(long before) {
        jdbc.sql("DELETE FROM contact_sms_early_receipt WHERE received_at < ?")
                .param(before)
                .update();
    }

    /** Queued SMS due now, and SMS whose hand-over lease ran out (the node handing them over stopped). */
    List<Sms> due(long now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact_sms WHERE (state = 'queued' AND next_attempt_at <= ?) "
                        + "OR (state = 'sending' AND lease_until < ?) ORDER BY next_attempt_at LIMIT ?")
                .params(now, now, limit)
                .query(ContactSmsRepository::sms)
                .list();
    }

    /** Where each of these SMS (by entry id) stands. */
    Map<String, Sms> states(String orgId, Collection<String> entryIds) {
        Map<String, Sms> states = new HashMap<>();
        if (entryIds.isEmpty()) {
            return states;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM contact_sms WHERE org_id = :org AND id IN (:ids)")
                .param("org", orgId)
                .param("ids", entryIds)
                .query(ContactSmsRepository::sms)
                .list()
                .forEach(s -> states.put(s.id(), s));
        return states;
    }

    private static Sms sms(ResultSet rs, int row) throws SQLException {
        return new Sms(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("request_id"),
                rs.getString("conversation_id"),
                rs.getLong("seq"),
                rs.getString("source"),
                rs.getString("state"),
                rs.getInt("parts"),
                rs.getInt("parts_delivered"),
                rs.getString("reason"),
                rs.getInt("attempts"));
    }
}
