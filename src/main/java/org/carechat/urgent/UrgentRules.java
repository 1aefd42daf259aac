package org.carechat.urgent;

import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.identity.UserService;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/** The organisation's escalation rules (admins), and the mobile numbers staff give for urgent nudges. */
@Component
class UrgentRules {

    private final UrgentRepository repository;
    private final UserService users;
    private final RolePolicy roles;
    private final AuditLog audit;
    private final Transactions transactions;

    UrgentRules(
            UrgentRepository repository,
            UserService users,
            RolePolicy roles,
            AuditLog audit,
            Transactions transactions) {
        this.repository = repository;
        this.users = users;
        this.roles = roles;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * An admin changes the escalation rules.
     *
     * @throws ApiProblem 403 for a non-admin; 400 for minutes out of range or a contact who is not active staff
     */
    UrgentSettings updateSettings(
            CurrentUser actor, int escalateAfterMinutes, int repeatEveryMinutes, String escalationContactId) {
        roles.requireAdmin(
                actor, AuditType.URGENT_SETTINGS_CHANGED, "Only an organisation admin can change the escalation rules");
        if (escalationContactId != null
                && users.find(actor.orgId(), escalationContactId)
                        .filter(u -> !u.disabled() && !u.isPatient())
                        .isEmpty()) {
            throw ApiProblem.badRequest(
                    "No active staff member in your organisation has the id " + escalationContactId);
        }
        UrgentSettings settings = new UrgentSettings(escalateAfterMinutes, repeatEveryMinutes, escalationContactId);
        return transactions.write(() -> {
            repository.putSettings(actor.orgId(), settings);
            audit.record(actor.audit(AuditType.URGENT_SETTINGS_CHANGED)
                    .target("organisation", actor.orgId())
                    .detail("escalateAfterMinutes", escalateAfterMinutes)
                    .detail("repeatEveryMinutes", repeatEveryMinutes)
                    .detail("escalationContact", escalationContactId == null ? "none" : escalationContactId));
            return settings;
        });
    }

    /** The organisation's escalation rules, for its admins. @throws ApiProblem 403 for a non-admin (audited) */
    UrgentSettings settings(CurrentUser actor) {
        roles.requireAdmin(
                actor, AuditType.URGENT_SETTINGS_CHANGED, "Only an organisation admin can see the escalation rules");
        return repository.settings(actor.orgId());
    }

    /** The caller's own mobile for urgent nudges (E.164), or null. */
    String mobile(CurrentUser actor) {
        return repository.mobile(actor.orgId(), actor.userId()).orElse(null);
    }

    /** Staff give their own mobile number for urgent nudges; null removes it. The number is never logged. */
    void setMobile(CurrentUser actor, String normalisedMobile) {
        if (actor.isPatient() || actor.role() == null || !actor.role().isStaff()) {
            throw ApiProblem.forbidden("Only staff receive urgent nudges");
        }
        transactions.run(() -> {
            repository.putMobile(actor.orgId(), actor.userId(), normalisedMobile);
            audit.record(actor.audit(AuditType.USER_UPDATED)
                    .target("user", actor.userId())
                    .detail("mobileForUrgent", normalisedMobile == null ? "removed" : "set"));
        });
    }
}
