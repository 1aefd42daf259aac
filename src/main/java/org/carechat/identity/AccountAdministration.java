package org.carechat.identity;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * What an organisation's admins do to its accounts from the console beyond creating and changing them
 * ({@link UserService}): the staff directory with sign-in facts, a new one-time password, and linking a patient's
 * account to a duplicate record. Each is refused (and audited) for anyone but an admin of the organisation.
 */
@Service
public class AccountAdministration {

    private final UserRepository repository;
    private final UserService users;
    private final RolePolicy roles;
    private final AuditLog audit;

    AccountAdministration(UserRepository repository, UserService users, RolePolicy roles, AuditLog audit) {
        this.repository = repository;
        this.users = users;
        this.roles = roles;
        this.audit = audit;
    }

    /**
     * An admin gives a staff member of their organisation a new one-time password (a forgotten password, an expired
     * one-time password): it works for {@link UserService#ONE_TIME_PASSWORD_LIFETIME} and must be changed at sign-in; every
     * session and token of the account ends. Call in a write transaction; audited like the operator's reset.
     *
     * @throws ApiProblem 403 for a non-admin (audited), 404 for no such staff member, 400 for a patient's account
     */
    public User resetPassword(CurrentUser actor, String userId, String oneTimePassword, TokenService tokens) {
        User user = users.requireManageable(actor, userId, AuditType.USER_UPDATED);
        if (user.isPatient()) {
            throw ApiProblem.badRequest("Patients sign in with a code sent to the contact in their record; their "
                    + "accounts have no password an admin could reset");
        }
        users.resetPassword(actor, user, oneTimePassword, tokens);
        return user;
    }

    /**
     * The staff accounts of the caller's organisation as its admins manage them, disabled ones too: with the last
     * sign-in and whether a second factor is set up. {@code query} (optional) matches names and usernames.
     *
     * @throws ApiProblem 403 for a non-admin (audited)
     */
    public List<StaffAccount> directory(CurrentUser actor, String query, int limit) {
        roles.requireAdmin(actor, AuditType.CONSOLE_VIEWED, "Only an organisation admin can manage staff accounts");
        String q = query == null ? "" : UserService.escapeLike(query.strip().toLowerCase(Locale.ROOT));
        if (q.length() > 100) {
            throw ApiProblem.badRequest("Search needs at most 100 characters");
        }
        return repository.directory(actor.orgId(), "%" + q + "%", limit);
    }

    /** When {@code userId} of {@code orgId} last signed in (a session was made), or empty for never. */
    public Optional<Long> lastSignInAt(String orgId, String userId) {
        return repository.lastSignInAt(orgId, userId);
    }

    /** How many patients of {@code orgId} have registered (made their account). */
    public long registeredPatients(String orgId) {
        return repository.countPatientAccounts(orgId);
    }

    /**
     * An admin links the patient account {@code account} to the record {@code patientId} instead of its own: the same
     * patient has a second record (a duplicate from an import) and this one should be theirs. Only the link moves; the
     * caller checked that the record has no account and is the same person's. Call in a write transaction; audited.
     *
     * @throws ApiProblem 403 for a non-admin (audited), 400 for an account that is not a patient's
     */
    public User linkPatientAccount(CurrentUser actor, User account, String patientId) {
        roles.requireAdmin(actor, AuditType.USER_UPDATED, "Only an organisation admin can link patients' accounts");
        if (!account.isPatient() || !account.orgId().equals(actor.orgId())) {
            throw ApiProblem.badRequest("Only a patient's account of your organisation can be linked to a record");
        }
        repository.setPatientId(actor.orgId(), account.id(), patientId);
        audit.record(actor.audit(AuditType.USER_UPDATED)
                .target("user", account.id())
                .patient(patientId)
                .detail("change", "patient_record")
                .detail("from", account.patientId()));
        return new User(
                account.id(),
                account.orgId(),
                account.username(),
                account.displayName(),
                account.role(),
                account.systemAdmin(),
                account.disabled(),
                account.createdAt(),
                patientId);
    }
}
