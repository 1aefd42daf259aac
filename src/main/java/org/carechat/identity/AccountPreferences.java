package org.carechat.identity;

import java.time.Clock;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A staff member's notification preferences, kept with the account so that they follow the person from browser to
 * browser: whether the staff app alerts them to new messages (a notice, a tone, a system notification while the page
 * is hidden; the browser still asks its own permission once), and whether an urgent message left unacknowledged may
 * text their mobile. Without a stored choice both are on (issue #19: alerts on by default for staff; the app explains
 * them once and asks the browser's permission from that click).
 */
@Service
public class AccountPreferences {

    /** @param messageAlerts alerts for new messages in the staff app; @param urgentSms SMS nudges for urgent ones */
    @io.swagger.v3.oas.annotations.media.Schema(name = "NotificationPreferences")
    public record Preferences(boolean messageAlerts, boolean urgentSms) {
        static final Preferences DEFAULTS = new Preferences(true, true);
    }

    private final JdbcClient jdbc;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    AccountPreferences(JdbcClient jdbc, Transactions transactions, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** The preferences of {@code userId} of {@code orgId}, or the defaults when they never chose. */
    public Preferences of(String orgId, String userId) {
        return jdbc.sql("SELECT message_alerts, urgent_sms FROM user_preference WHERE org_id = ? AND user_id = ?")
                .params(orgId, userId)
                .query((rs, n) -> new Preferences(rs.getInt(1) == 1, rs.getInt(2) == 1))
                .optional()
                .orElse(Preferences.DEFAULTS);
    }

    /**
     * Replaces the caller's preferences; audited.
     *
     * @throws ApiProblem 403 for a patient's account (patients are told by the organisation's notice rules)
     */
    public Preferences update(CurrentUser actor, Preferences preferences) {
        if (actor.isPatient()) {
            throw ApiProblem.forbidden("Patients are told of new messages by their organisation's notice rules");
        }
        transactions.run(() -> {
            jdbc.sql("INSERT INTO user_preference (user_id, org_id, message_alerts, urgent_sms, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
                            + "message_alerts = excluded.message_alerts, urgent_sms = excluded.urgent_sms, "
                            + "updated_at = excluded.updated_at")
                    .params(
                            actor.userId(),
                            actor.orgId(),
                            preferences.messageAlerts() ? 1 : 0,
                            preferences.urgentSms() ? 1 : 0,
                            clock.millis())
                    .update();
            audit.record(actor.audit(AuditType.PREFERENCES_CHANGED)
                    .target("user", actor.userId())
                    .detail("messageAlerts", preferences.messageAlerts())
                    .detail("urgentSms", preferences.urgentSms()));
        });
        return preferences;
    }
}
