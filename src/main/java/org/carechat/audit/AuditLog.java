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

    private String detailsJson(AuditEvent event) {
        return event.details.isEmpty() ? null : json.writeValueAsString(event.details);
    }
}
