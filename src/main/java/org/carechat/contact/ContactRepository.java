package org.carechat.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Contact requests, and who closed their thread on their screen ({@link ContactSearchRepository}: their search). */
@Repository
class ContactRepository {

    static final String COLUMNS = "id, org_id, conversation_id, status, source, reason_id, patient_id, "
            + "requester_id, details, mobile, mobile_index, preferred_channel, assignee_id, new_messages, "
            + "last_patient_at, closed_answered, converted_to, created_at, status_changed_at";

    private final JdbcClient jdbc;

    ContactRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ContactRequest r) {
        jdbc.sql("INSERT INTO contact_request (" + COLUMNS + ") "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        r.id(),
                        r.orgId(),
                        r.conversationId(),
                        r.status().code(),
                        r.source().code(),
                        r.reasonId(),
                        r.patientId(),
                        r.requesterId(),
                        r.details(),
                        r.mobile(),
                        r.mobileIndex(),
                        r.preferredChannel().code(),
                        r.assigneeId(),
                        r.newMessages() ? 1 : 0,
                        r.lastPatientAt(),
                        r.closedAnswered() ? 1 : 0,
                        r.convertedTo(),
                        r.createdAt(),
                        r.statusChangedAt())
                .update();
    }

    Optional<ContactRequest> find(String orgId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact_request WHERE org_id = ? AND id = ?")
                .params(orgId, id)
                .query(ContactRepository::request)
                .optional();
    }

    Optional<ContactRequest> findByConversation(String orgId, String conversationId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact_request WHERE org_id = ? AND conversation_id = ?")
                .params(orgId, conversationId)
                .query(ContactRepository::request)
                .optional();
    }

    List<ContactRequest> findByConversations(String orgId, Collection<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact_request WHERE org_id = :org "
                        + "AND conversation_id IN (:ids)")
                .param("org", orgId)
                .param("ids", conversationIds)
                .query(ContactRepository::request)
                .list();
    }

    /**
     * The newest request for a number (by its fingerprint) in each status, for routing a patient's SMS: the newest In
     * progress one takes it, else the newest of all decides.
     */
    List<ContactRequest> forNumber(String orgId, String mobileIndex) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contact_request WHERE org_id = ? AND mobile_index = ? "
                        + "ORDER BY created_at DESC, id DESC LIMIT 50")
                .params(orgId, mobileIndex)
                .query(ContactRepository::request)
                .list();
    }

    /** What narrows a queue listing; null fields do not narrow. */
    record Filter(
            List<String> statuses,
            boolean newMessagesOnly,
            String reasonId,
            String assigneeId,
            boolean unassigned,
            Long createdAfter,
            Long createdBefore,
            Set<String> allowedReasons,
            Collection<String> ids) {}

    List<ContactRequest> list(String orgId, Filter f, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM contact_request WHERE org_id = :org");
        Map<String, Object> params = new HashMap<>();
        params.put("org", orgId);
        where(f, sql, params);
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query(ContactRepository::request)
                .list();
    }

    /** Per tab ({@code new}, {@code in_progress}, {@code complete}, {@code new_messages}): how many. */
    Map<String, Long> counts(String orgId, Set<String> allowedReasons) {
        StringBuilder sql = new StringBuilder(
                "SELECT status, new_messages, COUNT(*) AS n FROM contact_request WHERE org_id = :org");
        Map<String, Object> params = new HashMap<>();
        params.put("org", orgId);
        where(new Filter(null, false, null, null, false, null, null, allowedReasons, null), sql, params);
        sql.append(" GROUP BY status, new_messages");
        Map<String, Long> counts = new HashMap<>(Map.of("new", 0L, "in_progress", 0L, "complete", 0L));
        counts.put("new_messages", 0L);
        jdbc.sql(sql.toString()).params(params).query(rs -> {
            long n = rs.getLong("n");
            counts.merge(rs.getString("status"), n, Long::sum);
            if (rs.getInt("new_messages") == 1) {
                counts.merge("new_messages", n, Long::sum);
            }
        });
        return counts;
    }

    private static void where(Filter f, StringBuilder sql, Map<String, Object> params) {
        if (f.statuses() != null) {
            sql.append(" AND status IN (:statuses)");
            params.put("statuses", f.statuses());
        }
        if (f.newMessagesOnly()) {
            sql.append(" AND new_messages = 1");
        }
        if (f.reasonId() != null) {
            sql.append(" AND reason_id = :reason");
            params.put("reason", f.reasonId());
        }
        if (f.assigneeId() != null) {
            sql.append(" AND assignee_id = :assignee");
            params.put("assignee", f.assigneeId());
        }
        if (f.unassigned()) {
            sql.append(" AND assignee_id IS NULL");
        }
        if (f.createdAfter() != null) {
            sql.append(" AND created_at >= :after");
            params.put("after", f.createdAfter());
        }
        if (f.createdBefore() != null) {
            sql.append(" AND created_at < :before");
            params.put("before", f.createdBefore());
        }
        if (f.allowedReasons() != null) {
            sql.append(" AND (reason_id IS NULL");
            if (!f.allowedReasons().isEmpty()) {
                sql.append(" OR reason_id IN (:allowed)");
                params.put("allowed", f.allowedReasons());
            }
            sql.append(")");
        }
        if (f.ids() != null) {
            if (f.ids().isEmpty()) {
                sql.append(" AND 1 = 0");
            } else {
                sql.append(" AND id IN (:ids)");
                params.put("ids", f.ids());
            }
        }
    }

    /** @return whether it moved (it was in one of {@code from}) */
    boolean changeStatus(String orgId, String id, List<String> from, String to, long now) {
        return jdbc.sql("UPDATE contact_request SET status = :to, status_changed_at = :now, "
                                + "closed_answered = CASE WHEN :to = 'complete' THEN 0 ELSE closed_answered END "
                                + "WHERE org_id = :org AND id = :id AND status IN (:from)")
                        .param("to", to)
                        .param("now", now)
                        .param("org", orgId)
                        .param("id", id)
                        .param("from", from)
                        .update()
                == 1;
    }

    void assign(String orgId, String id, String assigneeId) {
        jdbc.sql("UPDATE contact_request SET assignee_id = ? WHERE org_id = ? AND id = ?")
                .params(assigneeId, orgId, id)
                .update();
    }

    /** The patient wrote: "New messages" raised for the team. */
    void patientWrote(String orgId, String id, long at) {
        jdbc.sql("UPDATE contact_request SET new_messages = 1, last_patient_at = ? WHERE org_id = ? AND id = ?")
                .params(at, orgId, id)
                .update();
    }

    /** @return whether "New messages" was up and is now cleared */
    boolean clearNewMessages(String orgId, String id) {
        return jdbc.sql("UPDATE contact_request SET new_messages = 0 WHERE org_id = ? AND id = ? AND new_messages = 1")
                        .params(orgId, id)
                        .update()
                == 1;
    }

    /** @return whether this call claimed the closed-case answer (none went out since the request was closed) */
    boolean claimClosedAnswer(String orgId, String id) {
        return jdbc.sql("UPDATE contact_request SET closed_answered = 1 "
                                + "WHERE org_id = ? AND id = ? AND status = 'complete' AND closed_answered = 0")
                        .params(orgId, id)
                        .update()
                == 1;
    }

    void link(String orgId, String id, String patientId) {
        jdbc.sql("UPDATE contact_request SET patient_id = ? WHERE org_id = ? AND id = ?")
                .params(patientId, orgId, id)
                .update();
    }

    void setMobile(String orgId, String id, byte[] sealedMobile, String mobileIndex) {
        jdbc.sql("UPDATE contact_request SET mobile = ?, mobile_index = ? WHERE org_id = ? AND id = ?")
                .params(sealedMobile, mobileIndex, orgId, id)
                .update();
    }

    void converted(String orgId, String id, String conversationId) {
        jdbc.sql("UPDATE contact_request SET converted_to = ? WHERE org_id = ? AND id = ?")
                .params(conversationId, orgId, id)
                .update();
    }

    void hideThread(String requestId, String userId, long now) {
        jdbc.sql("DELETE FROM contact_thread_hidden WHERE request_id = ? AND user_id = ?")
                .params(requestId, userId)
                .update();
        jdbc.sql("INSERT INTO contact_thread_hidden (request_id, user_id, hidden_at) VALUES (?, ?, ?)")
                .params(requestId, userId, now)
                .update();
    }

    void showThread(String requestId, String userId) {
        jdbc.sql("DELETE FROM contact_thread_hidden WHERE request_id = ? AND user_id = ?")
                .params(requestId, userId)
                .update();
    }

    /** Per request among {@code requestIds}: when {@code userId} closed its thread on their screen. */
    Map<String, Long> hiddenAt(String userId, Collection<String> requestIds) {
        Map<String, Long> hidden = new HashMap<>();
        if (requestIds.isEmpty()) {
            return hidden;
        }
        jdbc.sql("SELECT request_id, hidden_at FROM contact_thread_hidden WHERE user_id = :user "
                        + "AND request_id IN (:ids)")
                .param("user", userId)
                .param("ids", requestIds)
                .query(rs -> {
                    hidden.put(rs.getString("request_id"), rs.getLong("hidden_at"));
                });
        return hidden;
    }

    static ContactRequest request(ResultSet rs, int row) throws SQLException {
        return new ContactRequest(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("conversation_id"),
                ContactRequest.Status.parse(rs.getString("status")),
                ContactRequest.parse(ContactRequest.Source.class, rs.getString("source")),
                rs.getString("reason_id"),
                rs.getString("patient_id"),
                rs.getString("requester_id"),
                rs.getBytes("details"),
                rs.getBytes("mobile"),
                rs.getString("mobile_index"),
                ContactRequest.parse(ContactRequest.Channel.class, rs.getString("preferred_channel")),
                rs.getString("assignee_id"),
                rs.getInt("new_messages") == 1,
                rs.getObject("last_patient_at") == null ? null : rs.getLong("last_patient_at"),
                rs.getInt("closed_answered") == 1,
                rs.getString("converted_to"),
                rs.getLong("created_at"),
                rs.getLong("status_changed_at"));
    }
}
