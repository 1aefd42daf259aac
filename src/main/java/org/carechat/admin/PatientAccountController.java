package org.carechat.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.notification.NoticeHistory;
import org.carechat.patient.PatientService;
import org.carechat.storage.Transactions;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The console's patient page: whether a patient has registered, and the notices they were sent. */
@RestController
@Tag(name = "Admin console")
class PatientAccountController {

    private final PatientService patients;
    private final UserService users;
    private final NoticeHistory notices;
    private final RolePolicy roles;
    private final AuditLog audit;
    private final Transactions transactions;

    PatientAccountController(
            PatientService patients,
            UserService users,
            NoticeHistory notices,
            RolePolicy roles,
            AuditLog audit,
            Transactions transactions) {
        this.patients = patients;
        this.users = users;
        this.notices = notices;
        this.roles = roles;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * @param registeredAt when the patient made their account (their first sign-in by code), or null
     * @param lastSignInAt their last sign-in, or null
     * @param disabled     whether their account is turned off
     */
    record Account(
            String patientId,
            boolean registered,
            Long registeredAt,
            Long lastSignInAt,
            boolean disabled,
            List<NoticeHistory.Notice> notices) {}

    @GetMapping("/api/v1/admin/patients/{id}/account")
    @Operation(summary = "Whether a patient has registered, when they last signed in, and their notices (admins)")
    Account account(@AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        roles.requireAdmin(actor, AuditType.PATIENT_VIEWED, "Only an organisation admin can see patients' accounts");
        patients.require(actor.orgId(), id);
        User account = users.findPatientAccount(actor.orgId(), id).orElse(null);
        transactions.run(() -> audit.record(actor.audit(AuditType.PATIENT_VIEWED)
                .target("patient", id)
                .patient(id)
                .detail("view", "account")));
        if (account == null) {
            return new Account(id, false, null, null, false, List.of());
        }
        return new Account(
                id,
                true,
                account.createdAt(),
                users.lastSignInAt(actor.orgId(), account.id()).orElse(null),
                account.disabled(),
                notices.of(actor.orgId(), account.id()));
    }
}
