package org.carechat.notification;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The durable outbox of patient notices ({@code patient_notice}). It reads the message and membership tables of other
 * features, read-only, to find patients with unread messages (docs/database.md).
 */
@Repository
class NoticeOutbox {

    /** A notice to send: whose, for which day, and how many tries it has had. */
    record Notice(String id, String orgId, String userId, String patientId, String day, int attempts) {}

    /** What a delivery report was about. */
    record Reported(String id, String orgId, String userId, String patientId) {}

    private final JdbcClient jdbc;

    NoticeOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Patient accounts of {@code orgId} with an unread text message (not theirs, not deleted) that arrived after their
     * last notice, and no notice yet on {@code day}. A notice given up ({@code failed}: every try refused, or no
     * channel reached the patient) told them nothing, so it does not count: the next day is tried again.
     */
    List<String> dueForNotice(String orgId, String day) {
        return jdbc.sql("SELECT u.id FROM app_user u WHERE u.org_id = :org AND u.role = 'patient' AND u.disabled = 0 "
                        + "AND NOT EXISTS (SELECT 1 FROM patient_notice n WHERE n.user_id = u.id AND n.day = :day) "
                        + "AND EXISTS (SELECT 1 FROM conversation_member cm JOIN message m "
                        + "ON m.conversation_id = cm.conversation_id AND m.seq > cm.read_seq "
                        + "WHERE cm.user_id = u.id AND cm.org_id = :org AND m.kind = 'text' AND m.deleted_at IS NULL "
                        + "AND m.sender_id <> u.id AND m.created_at > COALESCE((SELECT MAX(p.created_at) "
                        + "FROM patient_notice p WHERE p.user_id = u.id AND p.status <> 'failed'), 0))")
                .param("org", orgId)
                .param("day", day)
                .query(String.class)
                .list();
    }

    /** @return false when the patient already has a notice that day (the unique key: never two a day) */
    boolean insert(String id, String orgId, String userId, String day, long now) {
        return jdbc.sql(
                                "INSERT INTO patient_notice (id, org_id, user_id, day, status, attempts, next_attempt_at, "
                                        + "created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (user_id, day) DO NOTHING")
                        .params(id, orgId, userId, day, now, now)
                        .update()
                == 1;
    }

    List<Notice> pending(String orgId, long now, int limit) {
        return jdbc.sql("SELECT n.id, n.org_id, n.user_id, u.patient_id, n.day, n.attempts FROM patient_notice n "
                        + "JOIN app_user u ON u.id = n.user_id WHERE n.org_id = ? AND n.status = 'pending' "
                        + "AND n.next_attempt_at <= ? ORDER BY n.next_attempt_at LIMIT ?")
                .params(orgId, now, limit)
                .query(Notice.class)
                .list();
    }

    /** Takes a pending notice for sending; false when another node or tick took it first. */
    boolean claim(String id, long now) {
        return jdbc.sql("UPDATE patient_notice SET status = 'sending', attempts = attempts + 1, claimed_at = ? "
                                + "WHERE id = ? AND status = 'pending'")
                        .params(now, id)
                        .update()
                == 1;
    }

    void sent(String id, String channel, String providerId, long now) {
        jdbc.sql("UPDATE patient_notice SET status = 'sent', channel = ?, provider_id = ?, sent_at = ? WHERE id = ?")
                .params(channel, providerId, now, id)
                .update();
    }

    void retryAt(String id, long at) {
        jdbc.sql(
                        "UPDATE patient_notice SET status = 'pending', next_attempt_at = ? WHERE id = ? AND status = 'sending'")
                .params(at, id)
                .update();
    }

    void end(String id, String status) {
        jdbc.sql("UPDATE patient_notice SET status = ? WHERE id = ?")
                .params(status, id)
                .update();
    }

    /** Notices left 'sending' since before {@code before} (a crash mid-send): never sent again, marked unknown. */
    int abandon(long before) {
        return jdbc.sql("UPDATE patient_notice SET status = 'unknown' WHERE status = 'sending' AND claimed_at < ?")
                .param(before)
                .update();
    }

    Optional<Reported> delivered(String providerId, String status, long now) {
        Optional<Reported> notice = jdbc.sql("SELECT n.id, n.org_id, n.user_id, u.patient_id FROM patient_notice n "
                        + "JOIN app_user u ON u.id = n.user_id WHERE n.provider_id = ?")
                .param(providerId)
                .query(Reported.class)
                .optional();
        notice.ifPresent(n -> jdbc.sql("UPDATE patient_notice SET delivery_status = ?, delivered_at = ? WHERE id = ?")
                .params(status, now, n.id())
                .update());
        return notice;
    }
}
