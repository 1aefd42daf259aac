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
 *
 * <p>Every row is sealed into its chain as it is written; a row found without a seal was not written by CareChat
 * and is never adopted later (not at start, not by {@code audit verify}): {@link AuditVerifier} reports it, and the
 * database refuses such inserts (triggers of migration V11).
 */
@Service
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcClient jdbc;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;
    private final JsonMapper json;
    private final AuditChain chain;

    AuditLog(JdbcClient jdbc, Transactions transactions, Ids ids, Clock clock, JsonMapper json, AuditChain chain) {
        this.json = json;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.chain = chain;
    }

    /** Records a successful action inside the current transaction (it joins the actor's chain there). */
    public void record(AuditEvent event) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            insert(event, "success");
        } else {
            transactions.write(() -> {
                insert(event, "success");
                return null;
            });
        }
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
            transactions.separate(() -> {
                insert(event, "refused");
                return null;
            });
        } catch (RuntimeException e) {
            log.error(
                    "could not write the audit row of a refused {} ({})",
                    event.type,
                    e.getClass().getName());
        }
    }

    private void insert(AuditEvent event, String outcome) {
        long now = clock.millis();
        AuditRecord row = new AuditRecord(
                ids.next(),
                event.orgId,
                now,
                event.type.name(),
                outcome,
                event.actorId,
                event.ip,
                event.targetType,
                event.targetId,
                event.conversationId,
                event.patientId,
                detailsJson(event));
        chain.write(row, now);
    }

    /** Rows of one organisation matching {@code query}, newest first. */
    public java.util.List<AuditRecord> search(String orgId, AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT id, org_id, occurred_at, type, outcome, actor_id, ip, "
                + "target_type, target_id, conversation_id, patient_id, details FROM audit_event WHERE org_id = :org");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("org", orgId);
        if (query.actorId() != null) {
            // A user's rows of one organisation are their chain: its index finds them without another of its own.
            sql.append(" AND chain_id = :chain");
            params.put("chain", AuditChain.chainOf(orgId, query.actorId()));
        }
        where(sql, params, "patient_id", "patient", query.patientId());
        where(sql, params, "conversation_id", "conversation", query.conversationId());
        where(
                sql,
                params,
                "type",
                "type",
                query.type() == null ? null : query.type().name());
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

    private static void where(
            StringBuilder sql, java.util.Map<String, Object> params, String column, String name, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = :").append(name);
            params.put(name, value);
        }
    }

    private String detailsJson(AuditEvent event) {
        return event.details.isEmpty() ? null : json.writeValueAsString(event.details);
    }
}
