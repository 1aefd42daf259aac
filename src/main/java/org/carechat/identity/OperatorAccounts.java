package org.carechat.identity;

import java.util.List;
import java.util.Locale;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * What the operator's command line does to staff accounts when no admin can sign in (the only admin left, forgot a
 * password, lost a phone): list, disable or enable, reset a password or the second factor. Each change is one
 * transaction, audited with the actor {@code operator} from {@code cli}; disabling and resetting a password also end
 * every session and device token of the account.
 */
@Service
public class OperatorAccounts {

    private static final int MAX_LISTED = 100_000;

    private final UserRepository users;
    private final SecondFactorRepository secondFactors;
    private final TokenService tokens;
    private final UserService userService;
    private final AuditLog audit;
    private final Transactions transactions;

    OperatorAccounts(
            UserRepository users,
            SecondFactorRepository secondFactors,
            TokenService tokens,
            UserService userService,
            AuditLog audit,
            Transactions transactions) {
        this.users = users;
        this.secondFactors = secondFactors;
        this.tokens = tokens;
        this.userService = userService;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** The staff of {@code orgId} (patients' accounts are not listed), by display name. */
    public List<User> list(String orgId) {
        return users.list(orgId, MAX_LISTED, 0);
    }

    /** Whether {@code userId} has a second factor, set up or being set up. */
    public boolean hasSecondFactor(String userId) {
        return secondFactors.enrolment(userId).isPresent();
    }

    /**
     * Disables (or enables again) the staff member {@code username} of {@code orgId}; disabling ends their sessions.
     *
     * @throws ApiProblem 404 when the organisation has no such staff member
     */
    public User setDisabled(String orgId, String username, boolean disabled) {
        return transactions.write(() -> {
            User user = staff(orgId, username);
            users.update(orgId, user.id(), user.displayName(), user.role(), disabled);
            audit.record(operator(orgId)
                    .audit(AuditType.USER_UPDATED)
                    .target("user", user.id())
                    .detail("disabled", disabled));
            if (disabled) {
                tokens.revokeAll(operator(orgId), user.id());
            }
            return users.findById(orgId, user.id()).orElseThrow();
        });
    }

    /**
     * Gives {@code username} the one-time password {@code password}: it works for
     * {@link UserService#ONE_TIME_PASSWORD_LIFETIME}, must be changed at the next sign-in, and every session and
     * device token of theirs ends.
     *
     * @throws ApiProblem 400 for a password the policy refuses, 404 for no such staff member
     */
    public void resetPassword(String orgId, String username, String password) {
        String weakness = PasswordHasher.weakness(password);
        if (weakness != null) {
            throw ApiProblem.badRequest(weakness);
        }
        transactions.run(() -> userService.resetPassword(operator(orgId), staff(orgId, username), password, tokens));
    }

    /**
     * Removes the second factor of {@code username}: they set up a new one at the next sign-in if their organisation
     * requires one.
     *
     * @throws ApiProblem 404 for no such staff member, 409 when they have none
     */
    public void resetSecondFactor(String orgId, String username) {
        transactions.run(() -> {
            User user = staff(orgId, username);
            if (secondFactors.enrolment(user.id()).isEmpty()) {
                throw ApiProblem.conflict(user.username() + " has no second factor to reset");
            }
            secondFactors.remove(user.id());
            audit.record(operator(orgId)
                    .audit(AuditType.SECOND_FACTOR_REMOVED)
                    .target("user", user.id())
                    .detail("by", "operator"));
        });
    }

    private User staff(String orgId, String username) {
        return users.findCredentials(username.strip().toLowerCase(Locale.ROOT), orgId).stream()
                .map(UserRepository.Credentials::user)
                .filter(u -> u.orgId().equals(orgId) && !u.isPatient())
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Staff member '" + username + "' in this organisation"));
    }

    private static CurrentUser operator(String orgId) {
        return new CurrentUser(null, orgId, "operator", Role.ADMIN, true, null, "cli");
    }
}
