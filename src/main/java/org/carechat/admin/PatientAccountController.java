package org.carechat.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.AccountAdministration;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.notification.NoticeHistory;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's patient page: whether a patient has registered, the notices they were sent, and linking a duplicate
 * record to the account its patient already has.
 */
@RestController
@Tag(name = "Admin console")
class PatientAccountController {

    private final PatientService patients;
    private final ConversationService conversations;
    private final UserService users;
    private final AccountAdministration accounts;
    private final NoticeHistory notices;
    private final RolePolicy roles;
    private final AuditLog audit;
    private final Transactions transactions;

    PatientAccountController(
            PatientService patients,
            ConversationService conversations,
            UserService users,
            AccountAdministration accounts,
            NoticeHistory notices,
            RolePolicy roles,
            AuditLog audit,
            Transactions transactions) {
        this.patients = patients;
        this.conversations = conversations;
        this.users = users;
        this.accounts = accounts;
        this.notices = notices;
        this.roles = roles;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * @param accountId    the patient's account, once they registered
     * @param registeredAt when the patient made their account (their first sign-in by code), or null
     * @param lastSignInAt their last sign-in, or null
     * @param disabled     whether their account is turned off
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "PatientAccount")
    record Account(
            String patientId,
            boolean registered,
            String accountId,
            Long registeredAt,
            Long lastSignInAt,
            boolean disabled,
            List<NoticeHistory.Notice> notices) {}

    /** @param accountId the patient account (of another record of the same patient) to link to this record */
    @io.swagger.v3.oas.annotations.media.Schema(name = "PatientAccountLink")
    record Link(@NotBlank @Size(max = 64) String accountId) {}

    @PostMapping("/api/v1/admin/patients/{id}/account")
    @Operation(
            summary = "Link this record to the account the same patient made through another record (admins): a "
                    + "duplicate record; both records must have the same date of birth, and this one no other account")
    Account link(@AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @Valid @RequestBody Link body) {
        roles.requireAdmin(actor, AuditType.USER_UPDATED, "Only an organisation admin can link patients' accounts");
        Patient target = patients.require(actor.orgId(), id);
        User account = users.find(actor.orgId(), body.accountId())
                .filter(User::isPatient)
                .orElseThrow(() -> ApiProblem.badRequest("accountId names no patient account of your organisation"));
        if (!id.equals(account.patientId())) {
            if (users.findPatientAccount(actor.orgId(), id).isPresent()) {
                throw ApiProblem.conflict("This record already has an account of its own");
            }
            Patient current = patients.require(actor.orgId(), account.patientId());
            if (!target.birthDate().equals(current.birthDate())) {
                throw ApiProblem.badRequest("The two records have different dates of birth; if they are the same "
                        + "patient, correct the record first");
            }
            transactions.write(() -> {
                conversations.joinLinkedConversations(accounts.linkPatientAccount(actor, account, id), actor.ip());
                return null;
            });
        }
        return account(actor, id);
    }

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
            return new Account(id, false, null, null, null, false, List.of());
        }
        return new Account(
                id,
                true,
                account.id(),
                account.createdAt(),
                accounts.lastSignInAt(actor.orgId(), account.id()).orElse(null),
                account.disabled(),
                notices.of(actor.orgId(), account.id()));
    }
}
