package org.carechat.urgent;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UrgentRepository {

    private static final String COLUMNS = "id, org_id, message_id, conversation_id, seq, sender_id, recipient_id, "
            + "escalated_from, created_at, escalate_at, acknowledged_at, acknowledged_by, escalated_at, escalated_to, "
            + "patient_linked, nudge_state";

    private final JdbcClient jdbc;

    UrgentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UrgentAlert a) {
        jdbc.sql("INSERT INTO urgent_alert (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (message_id, recipient_id) DO NOTHING")
                .params(
                        a.id(),
                        a.orgId(),
                        a.messageId(),
                        a.conversationId(),
                        a.seq(),
                        a.senderId(),
                        a.recipientId(),
                        a.escalatedFrom(),
                        a.createdAt(),
                        a.escalateAt(),
                        a.acknowledgedAt(),
                        a.acknowledgedBy(),
                        a.escalatedAt(),
                        a.escalatedTo(),
                        a.patientLinked() ? 1 : 0,
                        a.nudgeState())
                .update();
    }

    Optional<UrgentAlert> find(String orgId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM urgent_alert WHERE org_id = ? AND id = ?")
                .params(orgId, id)
                .query(UrgentAlert.class)
                .optional();
    }

    /** The alerts of one message that {@code userId} holds. */
    List<UrgentAlert> ofRecipient(String orgId, String conversationId, long seq, String userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM urgent_alert WHERE org_id = ? AND conversation_id = ? AND seq = ? "
                        + "AND recipient_id = ?")
                .params(orgId, conversationId, seq, userId)
                .query(UrgentAlert.class)
                .list();
    }

    /** An alert and the one escalated from it (or to it): one duty, acknowledged by either. */
    List<UrgentAlert> chain(String orgId, String alertId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM urgent_alert WHERE org_id = ? AND (id = ? OR escalated_from = ? "
                        + "OR id = (SELECT escalated_from FROM urgent_alert WHERE id = ?))")
                .params(orgId, alertId, alertId, alertId)
                .query(UrgentAlert.class)
                .list();
    }

    List<UrgentAlert> pendingFor(String orgId, String userId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM urgent_alert WHERE org_id = ? AND recipient_id = ? "
                        + "AND acknowledged_at IS NULL ORDER BY created_at LIMIT ?")
                .params(orgId, userId, limit)
                .query(UrgentAlert.class)
                .list();
    }

    /** @return whether it was still pending (and is acknowledged now) */
    boolean acknowledge(String id, String by, long now) {
        return jdbc.sql("UPDATE urgent_alert SET acknowledged_at = ?, acknowledged_by = ?, escalate_at = NULL "
                                + "WHERE id = ? AND acknowledged_at IS NULL")
                        .params(now, by, id)
                        .update()
                == 1;
    }

    List<UrgentAlert> due(long now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM urgent_alert WHERE escalate_at <= ? ORDER BY escalate_at LIMIT ?")
                .params(now, limit)
                .query(UrgentAlert.class)
                .list();
    }

    /**
     * Fires the pending timer: only if it is still pending and unacknowledged, so that of any number of sweeps (on
     * several nodes, or before and after a restart) exactly one escalates it.
     */
    boolean claimEscalation(String id, String to, long now) {
        return jdbc.sql(
                                "UPDATE urgent_alert SET escalate_at = NULL, escalated_at = ?, escalated_to = ?, "
                                        + "nudge_state = 'due' WHERE id = ? AND escalate_at IS NOT NULL AND acknowledged_at IS NULL")
                        .params(now, to, id)
                        .update()
                == 1;
    }

    List<UrgentAlert> nudgesDue(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM urgent_alert WHERE nudge_state = 'due' ORDER BY escalated_at "
                        + "LIMIT ?")
                .param(limit)
                .query(UrgentAlert.class)
                .list();
    }

    /** Moves the nudge from {@code from} to {@code to}; false when another sweep moved it first. */
    boolean moveNudge(String id, String from, String to) {
        return jdbc.sql("UPDATE urgent_alert SET nudge_state = ? WHERE id = ? AND nudge_state = ?")
                        .params(to, id, from)
                        .update()
                == 1;
    }

    UrgentSettings settings(String orgId) {
        return jdbc.sql("SELECT escalate_after_minutes, repeat_every_minutes, escalation_contact_id "
                        + "FROM urgent_settings WHERE org_id = ?")
                .param(orgId)
                .query(UrgentSettings.class)
                .optional()
                .orElse(UrgentSettings.DEFAULTS);
    }

    void putSettings(String orgId, UrgentSettings s) {
        jdbc.sql("INSERT INTO urgent_settings (org_id, escalate_after_minutes, repeat_every_minutes, "
                        + "escalation_contact_id) VALUES (?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET "
                        + "escalate_after_minutes = excluded.escalate_after_minutes, "
                        + "repeat_every_minutes = excluded.repeat_every_minutes, "
                        + "escalation_contact_id = excluded.escalation_contact_id")
                .params(orgId, s.escalateAfterMinutes(), s.repeatEveryMinutes(), s.escalationContactId())
                .update();
    }

    Optional<String> mobile(String orgId, String userId) {
        return jdbc.sql("SELECT mobile FROM staff_mobile WHERE org_id = ? AND user_id = ?")
                .params(orgId, userId)
                .query(String.class)
                .optional();
    }

    void putMobile(String orgId, String userId, String mobile) {
        if (mobile == null) {
            jdbc.sql("DELETE FROM staff_mobile WHERE org_id = ? AND user_id = ?")
                    .params(orgId, userId)
                    .update();
            return;
        }
        jdbc.sql("INSERT INTO staff_mobile (user_id, org_id, mobile) VALUES (?, ?, ?) ON CONFLICT (user_id) "
                        + "DO UPDATE SET mobile = excluded.mobile")
                .params(userId, orgId, mobile)
                .update();
    }

    /** Marks an alert as the hand-over of {@code fromId}: it does not escalate again. */
    void linkEscalation(String id, String fromId) {
        jdbc.sql("UPDATE urgent_alert SET escalated_from = ?, escalate_at = NULL WHERE id = ?")
                .params(fromId, id)
                .update();
    }

    /** A first alert of the range, for the report: who held it and what became of it. */
    record ReportRow(String recipientId, long createdAt, Long acknowledgedAt, Long escalatedAt) {}

    List<ReportRow> reportRows(String orgId, long from, long to) {
        return jdbc.sql("SELECT recipient_id, created_at, acknowledged_at, escalated_at FROM urgent_alert "
                        + "WHERE org_id = ? AND created_at >= ? AND created_at < ? AND escalated_from IS NULL")
                .params(orgId, from, to)
                .query(ReportRow.class)
                .list();
    }
}
