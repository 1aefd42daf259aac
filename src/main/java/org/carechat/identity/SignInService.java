package org.carechat.identity;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * Password sign-in, sign-out and password change. A failed sign-in answers the same whether the username
 * exists or not, takes about as long, and is audited as refused.
 *
 * <p>At the project's ~300 lines: password checking, lock-out and session issue are one sequence (reserve the
 * attempt, hash, count, issue) that is safest read top to bottom.
 */
@Service
public class SignInService {

    static final String WRONG_CREDENTIALS = "The username or password is incorrect (if your username is also used in "
            + "another organisation here, give your organisation's name too)";
    static final String ONE_TIME_PASSWORD_EXPIRED =
            "This one-time password has expired (they work for 72 hours); ask " + "your administrator for a new one";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final AuditLog audit;
    private final Transactions transactions;
    private final SecondFactorService secondFactors;
    private final SecretAttempts attempts;
    private final java.time.Clock clock;

    SignInService(
            UserRepository users,
            PasswordHasher hasher,
            TokenService tokens,
            AuditLog audit,
            Transactions transactions,
            SecondFactorService secondFactors,
            SecretAttempts attempts,
            java.time.Clock clock) {
        this.attempts = attempts;
        this.clock = clock;
        this.secondFactors = secondFactors;
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * The result of a correct password: the user and the new secret, or — for a user with a second factor — only a
     * challenge to answer with a code ({@link #completeSecondFactor}).
     */
    public record SignedIn(User user, TokenService.Issued issued, boolean mustChangePassword, String challenge) {}

    /**
     * Checks the password and issues a session ({@code kind=SESSION}) or a named device token.
     *
     * @throws ApiProblem 401 with the same message for an unknown user, a wrong password or a disabled account
     */
    public SignedIn signIn(
            String username,
            String organisation,
            String password,
            TokenService.Kind kind,
            String deviceName,
            String ip) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        String org = organisation == null || organisation.isBlank() ? null : organisation.strip();
        // A username is unique within its organisation only: one that several organisations use needs the
        // organisation named, and without it is answered like an unknown one.
        List<UserRepository.Credentials> found = users.findCredentials(name, org);
        Optional<UserRepository.Credentials> credentials =
                found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
        String typed = "name:" + name + "@" + (org == null ? "" : org.toLowerCase(Locale.ROOT));
        SecretAttempts.Attempt attempt = attempts.reservePassword(
                ip, credentials.map(c -> lockKey(c.user())).orElse(typed));
        // Verify first (slow on purpose), decide after: the time taken does not depend on which check fails.
        boolean passwordOk = credentials.isPresent()
                && password != null
                && hasher.matches(password, credentials.get().passwordHash());
        if (credentials.isEmpty()) {
            hasher.spendDecoyTime(password == null ? "" : password);
        }
        if (!passwordOk || credentials.get().user().disabled()) {
            String orgId = credentials.map(c -> c.user().orgId()).orElse(null);
            String userId = credentials.map(c -> c.user().id()).orElse(null);
            audit.refused(AuditEvent.of(AuditType.SIGN_IN)
                    .org(orgId)
                    .actor(userId, ip)
                    .detail(
                            "reason",
                            credentials.isEmpty() ? "unknown_user" : passwordOk ? "disabled" : "wrong_password"));
            attempts.rejected(attempt, orgId, userId, ip);
            throw ApiProblem.unauthorized(WRONG_CREDENTIALS);
        }
        attempts.accepted(attempt);
        User user = credentials.get().user();
        Long expiresAt = credentials.get().passwordExpiresAt();
        if (credentials.get().mustChangePassword() && expiresAt != null && clock.millis() >= expiresAt) {
            audit.refused(AuditEvent.of(AuditType.SIGN_IN)
                    .org(user.orgId())
                    .actor(user.id(), ip)
                    .detail("reason", "one_time_password_expired"));
            throw ApiProblem.unauthorized(ONE_TIME_PASSWORD_EXPIRED);
        }
        if (secondFactors.enrolled(user.id())) {
            return new SignedIn(user, null, false, secondFactors.challenge(user, kind, deviceName, ip));
        }
        return new SignedIn(
                user, issue(user, kind, deviceName, ip, null), credentials.get().mustChangePassword(), null);
    }

    /**
     * The second step of a sign-in: the challenge from the password step and a code from the user's authenticator
     * app (or a recovery code) give the session or device token the first step asked for.
     *
     * @throws ApiProblem 401 for a wrong code or an expired or used challenge; 400 for a challenge of the other kind
     */
    public SignedIn completeSecondFactor(String challenge, String code, String ip, TokenService.Kind kind) {
        SecondFactorService.Verified verified = secondFactors.verify(challenge, code, ip, kind);
        boolean mustChange =
                users.findCredentialsById(verified.user().id()).orElseThrow().mustChangePassword();
        return new SignedIn(
                verified.user(),
                issue(verified.user(), verified.kind(), verified.deviceName(), ip, verified.method()),
                mustChange,
                null);
    }

    /** The key that locks an account's password after failed attempts, however its username was typed. */
    static String lockKey(User user) {
        return "user:" + user.id();
    }

    static String minutes(long seconds) {
        long minutes = Math.max(1, (seconds + 59) / 60);
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    private TokenService.Issued issue(
            User user, TokenService.Kind kind, String deviceName, String ip, String secondFactor) {
        return transactions.write(() -> {
            TokenService.Issued i = tokens.issue(user, kind, deviceName);
            AuditEvent event = AuditEvent.of(AuditType.SIGN_IN)
                    .org(user.orgId())
                    .actor(user.id(), ip)
                    .target("token", i.id())
                    .detail("kind", kind.name().toLowerCase(Locale.ROOT));
            audit.record(secondFactor == null ? event : event.detail("secondFactor", secondFactor));
            return i;
        });
    }

    /**
     * Issues a browser session to a patient whose one-time code the caller has just accepted. Audited as a sign-in
     * by code; sign-in attempts per address are counted by the caller.
     */
    public TokenService.Issued patientSession(User user, String ip) {
        if (!user.isPatient() || user.disabled()) {
            throw new IllegalArgumentException("patient sessions are for enabled patient accounts");
        }
        return transactions.write(() -> {
            TokenService.Issued i = tokens.issue(user, TokenService.Kind.SESSION, "patient app");
            audit.record(AuditEvent.of(AuditType.SIGN_IN)
                    .org(user.orgId())
                    .actor(user.id(), ip)
                    .target("token", i.id())
                    .patient(user.patientId())
                    .detail("kind", "session")
                    .detail("method", "one_time_code"));
            return i;
        });
    }

    static final String WRONG_PATIENT_PASSWORD =
            "These details or the password are not right. You can always sign in " + "with a code instead.";

    /**
     * Signs a patient in with their password. {@code account} is the account the caller matched from the contact and
     * birth date the patient typed (empty when none matched, or when the organisation does not use passwords): the
     * answer and its time are the same for no account, no password and a wrong password, and failures lock
     * {@code lockKey} (the normalised contact) like a staff username.
     *
     * @throws ApiProblem 401 for any wrong detail; 429 beyond the address's attempts or while {@code lockKey} is locked
     */
    public TokenService.Issued patientPasswordSignIn(
            java.util.Optional<User> account, String password, String lockKey, String ip) {
        SecretAttempts.Attempt attempt = attempts.reservePassword(ip, lockKey);
        var credentials = account.flatMap(u -> users.findCredentialsById(u.id()))
                .filter(c -> c.user().isPatient() && !c.user().disabled());
        boolean ok = credentials.isPresent()
                && credentials.get().passwordHash() != null
                && password != null
                && hasher.matches(password, credentials.get().passwordHash());
        if (credentials.isEmpty() || credentials.get().passwordHash() == null) {
            hasher.spendDecoyTime(password == null ? "" : password);
        }
        if (!ok) {
            String orgId = credentials.map(c -> c.user().orgId()).orElse(null);
            String userId = credentials.map(c -> c.user().id()).orElse(null);
            audit.refused(AuditEvent.of(AuditType.SIGN_IN)
                    .org(orgId)
                    .actor(userId, ip)
                    .detail("method", "password")
                    .detail("reason", credentials.isEmpty() ? "no_account" : "wrong_password"));
            attempts.rejected(attempt, orgId, userId, ip);
            throw ApiProblem.unauthorized(WRONG_PATIENT_PASSWORD);
        }
        attempts.accepted(attempt);
        User user = credentials.get().user();
        return transactions.write(() -> {
            TokenService.Issued i = tokens.issue(user, TokenService.Kind.SESSION, "patient app");
            audit.record(AuditEvent.of(AuditType.SIGN_IN)
                    .org(user.orgId())
                    .actor(user.id(), ip)
                    .target("token", i.id())
                    .patient(user.patientId())
                    .detail("kind", "session")
                    .detail("method", "password"));
            return i;
        });
    }

    /** Whether the user has a password (patients who only ever signed in by code have none). */
    public boolean hasPassword(String userId) {
        return users.findCredentialsById(userId)
                .map(c -> c.passwordHash() != null)
                .orElse(false);
    }

    /**
     * Sets a patient's password without asking for the current one; the caller decides when that is safe (no password
     * yet, or just signed in by a code sent to the record's contact).
     *
     * @throws ApiProblem 400 for a weak password
     */
    public void setPatientPassword(CurrentUser patient, String newPassword) {
        String weakness = PasswordHasher.weakness(newPassword);
        if (weakness != null) {
            throw ApiProblem.badRequest(weakness);
        }
        String hash = hasher.hash(newPassword);
        transactions.write(() -> {
            users.updatePassword(patient.userId(), hash);
            audit.record(patient.audit(AuditType.USER_UPDATED)
                    .target("user", patient.userId())
                    .detail("change", "password"));
            tokens.revokeOthers(patient);
            return null;
        });
    }

    /** Ends the session or token the caller is using. */
    public void signOut(CurrentUser user) {
        transactions.write(() -> {
            tokens.revoke(user, user.deviceId());
            return null;
        });
    }

    /**
     * Replaces the caller's password after checking the current one.
     *
     * @throws ApiProblem 400 for a weak new password, 401 for a wrong current password
     */
    public void changePassword(CurrentUser user, String currentPassword, String newPassword) {
        var credentials = users.findCredentialsById(user.userId()).orElseThrow();
        String weakness =
                PasswordHasher.weakness(newPassword, credentials.user().username());
        if (weakness != null) {
            throw ApiProblem.badRequest(weakness);
        }
        // The current password is a secret like the sign-in's: the same address rate and the same lock-out.
        String lockKey = lockKey(credentials.user());
        SecretAttempts.Attempt attempt = attempts.reservePassword(user.ip(), lockKey);
        if (currentPassword == null || !hasher.matches(currentPassword, credentials.passwordHash())) {
            audit.refused(user.audit(AuditType.USER_UPDATED)
                    .target("user", user.userId())
                    .detail("change", "password")
                    .detail("reason", "wrong_password"));
            attempts.rejected(attempt, user.orgId(), user.userId(), user.ip());
            throw ApiProblem.unauthorized("The current password is incorrect");
        }
        attempts.accepted(attempt);
        if (currentPassword.equals(newPassword)) {
            throw ApiProblem.badRequest("The new password must differ from the current one");
        }
        String hash = hasher.hash(newPassword);
        transactions.write(() -> {
            users.updatePassword(user.userId(), hash);
            audit.record(user.audit(AuditType.USER_UPDATED)
                    .target("user", user.userId())
                    .detail("change", "password"));
            tokens.revokeOthers(user);
            return null;
        });
    }
}
