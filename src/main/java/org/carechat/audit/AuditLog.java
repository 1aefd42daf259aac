package org.carechat.audit;

import java.time.Clock;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the append-only audit trail.
 *
 * <p>{@link #record} is for an action that succeeded: the row is written in the caller's transaction, so it
 * exists exactly when the change does. {@link #refused} is for a refused or failed attempt: the row must
 * survive the caller's rollback, so it is written in a transaction of its own, after the caller's transaction
 * has ended (at once when there is none). Writing it after, not during, keeps SQLite's single writer from
 * waiting on itself.
 */
@Service
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcClient jdbc;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, Transactions transactions, Ids ids, Clock clock, JsonMapper json) {
        this.json = json;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
    }

    /** Records a successful action inside the current transaction. */
    public void record(AuditEvent event) {
        insert(event, "success");
    }

    /** Records a refused attempt so that it is kept even though the caller's work is rolled back. */
    public void refused(AuditEvent event) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    writeRefusal(event);
                }
            });
        } else {
            writeRefusal(event);
        }
    }

    private void writeRefusal(AuditEvent event) {
        try {
            transactions.separate(() -> insert(event, "refused"));
        } catch (RuntimeException e) {
            log.error("could not write the audit row of a refused {} ({})", event.type, e.getClass().getName());
        }
    }

    private int insert(AuditEvent event, String outcome) {
        return jdbc.sql("INSERT INTO audit_event (id, org_id, occurred_at, type, outcome, actor_id, ip, target_type, "
                        + "target_id, conversation_id, patient_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(ids.next(), event.orgId, clock.millis(), event.type.name(), outcome, event.actorId, event.ip,
                        event.targetType, event.targetId, event.conversationId, event.patientId, detailsJson(event))
                .update();
    }

    /** Rows of one organisation matching {@code query}, newest first. */
    public java.util.List<AuditRecord> search(String orgId, AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT id, org_id, occurred_at, type, outcome, actor_id, ip, "
                + "target_type, target_id, conversation_id, patient_id, details FROM audit_event WHERE org_id = :org");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("org", orgId);
        where(sql, params, "actor_id", "actor", query.actorId());
        where(sql, params, "patient_id", "patient", query.patientId());
        where(sql, params, "conversation_id", "conversation", query.conversationId());
        where(sql, params, "type", "type", query.type() == null ? null : query.type().name());
        if (query.from() != null) {
            sql.append(" AND occurred_at >= :from");
            params.put("from", query.from());
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < :to");
            params.put("to", query.to());
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT :limit");
        params.put("limit", query.limit());
        return jdbc.sql(sql.toString()).params(params).query(AuditRecord.class).list();
    }

    private static void where(StringBuilder sql, java.util.Map<String, Object> params, String column, String name,
            String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = :").append(name);
            params.put(name, value);
        }
    }

    private String detailsJson(AuditEvent event) {
        return event.details.isEmpty() ? null : json.writeValueAsString(event.details);
    }
}
