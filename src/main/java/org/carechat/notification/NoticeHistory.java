package org.carechat.notification;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What the notices of an organisation did, for its admins: each patient's notices (newest first) and how many went
 * out. Reads {@code patient_notice} only; the notices themselves carry no clinical content.
 */
@Service
public class NoticeHistory {

    /** At most this many notices of one patient are listed (a year of daily notices). */
    static final int MAX_LISTED = 366;

    private final JdbcClient jdbc;

    NoticeHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One notice of a patient.
     *
     * @param day            the organisation's calendar day it was for ({@code YYYY-MM-DD})
     * @param status         {@code pending}, {@code sending}, {@code sent}, {@code failed} or {@code unknown}
     * @param channel        {@code sms} or {@code email} once sent, else null
     * @param deliveryStatus the SMS centre's delivery report, when one came back
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "PatientNotice")
    public record Notice(
            String day,
            String status,
            String channel,
            int attempts,
            long createdAt,
            Long sentAt,
            String deliveryStatus,
            Long deliveredAt) {}

    /** The notices of the patient account {@code userId} of {@code orgId}, newest first. */
    public List<Notice> of(String orgId, String userId) {
        return jdbc.sql("SELECT day, status, channel, attempts, created_at, sent_at, delivery_status, delivered_at "
                        + "FROM patient_notice WHERE org_id = ? AND user_id = ? ORDER BY day DESC LIMIT ?")
                .params(orgId, userId, MAX_LISTED)
                .query((rs, n) -> new Notice(
                        rs.getString("day"),
                        rs.getString("status"),
                        rs.getString("channel"),
                        rs.getInt("attempts"),
                        rs.getLong("created_at"),
                        nullableLong(rs, "sent_at"),
                        rs.getString("delivery_status"),
                        nullableLong(rs, "delivered_at")))
                .list();
    }

    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** How many notices the organisation's patients were sent, all time. */
    public long sent(String orgId) {
        return jdbc.sql("SELECT COUNT(*) FROM patient_notice WHERE org_id = ? AND status = 'sent'")
                .param(orgId)
                .query(Long.class)
                .single();
    }
}
