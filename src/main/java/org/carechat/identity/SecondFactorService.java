package org.carechat.identity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.crypto.SecretBox;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * The TOTP second factor of staff accounts, with recovery codes.
 *
 * <p>Enrolment: {@link #setup} makes a secret (sealed in the database by the installation's secrets key) and returns
 * it once, with an {@code otpauth://} URI for authenticator apps; {@link #confirm} takes a first code, turns the
 * factor on and returns ten recovery codes, shown once and stored only as hashes. Sign-in: a correct password for an
 * enrolled user yields a challenge (5 minutes, 5 tries) instead of a session; {@link #verify} takes the challenge
 * and a code (or an unused recovery code). Each code is accepted once.
 *
 * <p>Slightly over the project's ~300 lines: enrolment, challenges, recovery codes and removal share the attempt
 * reservation and the audit of every refusal, which are clearest in one place.
 */
@Service
public class SecondFactorService {

    static final long CHALLENGE_MILLIS = 5 * 60_000;
    static final int CHALLENGE_ATTEMPTS = 5;
    static final int RECOVERY_CODES = 10;
    private static final String SECRET_PURPOSE = "totp";
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final SecondFactorRepository repository;
    private final UserRepository users;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final Transactions transactions;
    private final RolePolicy roles;
    private final Ids ids;
    private final Clock clock;
    private final SecretAttempts attempts;
    private final SecureRandom random = new SecureRandom();

    SecondFactorService(
            SecondFactorRepository repository,
            UserRepository users,
            SecretBox secrets,
            AuditLog audit,
            Transactions transactions,
            RolePolicy roles,
            Ids ids,
            Clock clock,
            SecretAttempts attempts) {
        this.attempts = attempts;
        this.repository = repository;
        this.users = users;
        this.secrets = secrets;
        this.audit = audit;
        this.transactions = transactions;
        this.roles = roles;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * A new secret for an authenticator app: shown once.
     *
     * @param qrCode the {@code otpauthUri} as a QR code, rows of modules ({@code 1} dark) without the quiet zone
     */
    public record Setup(String secret, String otpauthUri, List<String> qrCode) {
        @Override
        public String toString() {
            return "Setup[***]";
        }
    }

    /** What a correct code unlocks: the user, and the session or device token the password step asked for. */
    record Verified(User user, TokenService.Kind kind, String deviceName, String method) {}

    /** Whether {@code userId} signs in with a second factor. */
    public boolean enrolled(String userId) {
        return repository
                .enrolment(userId)
                .map(SecondFactorRepository.Enrolment::confirmed)
                .orElse(false);
    }

    /** @throws ApiProblem 409 when the caller already has a second factor (remove it first) */
    public Setup setup(CurrentUser actor) {
        if (enrolled(actor.userId())) {
            throw ApiProblem.conflict("You already have a second factor; remove it first to set up a new one");
        }
        byte[] secret = Totp.newSecret();
        transactions.write(() -> {
            repository.startEnrolment(actor.userId(), secrets.seal(SECRET_PURPOSE, actor.userId(), secret));
            return null;
        });
        String username =
                users.findCredentialsById(actor.userId()).orElseThrow().user().username();
        String label = URLEncoder.encode("CareChat:" + username, StandardCharsets.UTF_8)
                .replace("+", "%20");
        String base32 = Totp.base32(secret);
        String uri = "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=CareChat&algorithm=SHA1&digits="
                + Totp.DIGITS + "&period=" + Totp.STEP_MILLIS / 1000;
        return new Setup(base32, uri, QrCode.rows(uri));
    }

    /**
     * Turns the second factor on with a first code from the app.
     *
     * @return ten recovery codes, each usable once instead of a code; shown only now
     * @throws ApiProblem 400 when no setup is pending or the code is wrong
     */
    public List<String> confirm(CurrentUser actor, String code) {
        SecondFactorRepository.Enrolment pending = repository
                .enrolment(actor.userId())
                .filter(e -> !e.confirmed())
                .orElseThrow(() -> ApiProblem.badRequest("There is no second factor being set up; start with "
                        + "POST /api/v1/auth/second-factor/setup"));
        attempts.requireAddressAllowed(actor.ip());
        SecretAttempts.Attempt attempt = attempts.reserveCode(actor.userId());
        byte[] secret = secrets.open(SECRET_PURPOSE, actor.userId(), pending.sealedSecret());
        long step = isTotpCode(code) ? Totp.matchingStep(secret, code, clock.millis()) : -1;
        if (step < 0) {
            audit.refused(actor.audit(AuditType.SECOND_FACTOR_ENROLLED).detail("reason", "wrong_code"));
            attempts.rejected(attempt, actor.orgId(), actor.userId(), actor.ip());
            throw ApiProblem.badRequest("That code is not the one your authenticator app shows now; check that its "
                    + "clock is right and enter the current 6-digit code");
        }
        attempts.accepted(attempt);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            codes.add(recoveryCode());
        }
        transactions.write(() -> {
            repository.confirm(actor.userId(), step, clock.millis());
            repository.replaceRecoveryCodes(
                    actor.userId(),
                    codes.stream()
                            .map(c -> TokenService.hash(normalisedRecoveryCode(c)))
                            .toList());
            audit.record(actor.audit(AuditType.SECOND_FACTOR_ENROLLED).target("user", actor.userId()));
            return null;
        });
        return codes;
    }

    /**
     * Removes the caller's second factor, with a current code as proof.
     *
     * @throws ApiProblem 403 when the organisation requires one; 400 for a wrong code
     */
    public void remove(CurrentUser actor, String code, boolean requiredByOrganisation) {
        if (requiredByOrganisation) {
            audit.refused(actor.audit(AuditType.SECOND_FACTOR_REMOVED).detail("reason", "required"));
            throw ApiProblem.forbidden("Your organisation requires a second factor; it cannot be removed");
        }
        if (!enrolled(actor.userId())) {
            audit.refused(actor.audit(AuditType.SECOND_FACTOR_REMOVED).detail("reason", "not_enrolled"));
            throw ApiProblem.badRequest("You have no second factor to remove");
        }
        // A code is a secret like the sign-in's: the same address rate and the same lock-out of wrong codes.
        attempts.requireAddressAllowed(actor.ip());
        SecretAttempts.Attempt attempt = attempts.reserveCode(actor.userId());
        if (checkCode(actor.userId(), code) == null) {
            audit.refused(actor.audit(AuditType.SECOND_FACTOR_REMOVED).detail("reason", "wrong_code"));
            attempts.rejected(attempt, actor.orgId(), actor.userId(), actor.ip());
            throw ApiProblem.badRequest("Give a current code from your authenticator app (or a recovery code) to "
                    + "remove the second factor");
        }
        attempts.accepted(attempt);
        transactions.write(() -> {
            repository.remove(actor.userId());
            audit.record(actor.audit(AuditType.SECOND_FACTOR_REMOVED).target("user", actor.userId()));
            return null;
        });
    }

    /** An admin clears a staff member's second factor (a lost phone): they set up a new one at next sign-in. */
    public void reset(CurrentUser admin, String userId) {
        roles.requireAdmin(
                admin, AuditType.SECOND_FACTOR_REMOVED, "Only an organisation admin can reset a second " + "factor");
        users.findById(admin.orgId(), userId).orElseThrow(() -> ApiProblem.notFound("User " + userId));
        transactions.write(() -> {
            repository.remove(userId);
            audit.record(admin.audit(AuditType.SECOND_FACTOR_REMOVED)
                    .target("user", userId)
                    .detail("by", "admin"));
            return null;
        });
    }

    /** After a correct password: a challenge to answer with a code. Audited as the first step of a sign-in. */
    String challenge(User user, TokenService.Kind kind, String deviceName, String ip) {
        String secret = "ch_" + randomToken();
        long now = clock.millis();
        transactions.write(() -> {
            repository.deleteChallengesBefore(now - CHALLENGE_MILLIS);
            repository.insertChallenge(
                    ids.next(),
                    TokenService.hash(secret),
                    user.id(),
                    kind.name().toLowerCase(Locale.ROOT),
                    deviceName,
                    now);
            audit.record(AuditEvent.of(AuditType.SECOND_FACTOR_CHALLENGED)
                    .org(user.orgId())
                    .actor(user.id(), ip));
            return null;
        });
        return secret;
    }

    /**
     * Checks a code against a challenge.
     *
     * @param expected the kind of sign-in the endpoint finishes (a browser session or a device token)
     * @throws ApiProblem 401 for an unknown, expired, used-up or answered challenge, or a wrong code (audited); 400
     *                    for a challenge of the other kind (nothing is used up)
     */
    Verified verify(String challengeSecret, String code, String ip, TokenService.Kind expected) {
        attempts.requireAddressAllowed(ip);
        SecondFactorRepository.Challenge challenge = challengeSecret == null
                ? null
                : repository.challenge(TokenService.hash(challengeSecret)).orElse(null);
        long now = clock.millis();
        if (challenge == null || challenge.used() || now - challenge.createdAt() > CHALLENGE_MILLIS) {
            throw expiredChallenge();
        }
        if (!challenge.kind().equals(expected.name().toLowerCase(Locale.ROOT))) {
            throw ApiProblem.badRequest(
                    expected == TokenService.Kind.SESSION
                            ? "This sign-in was started for a device token; finish it at /api/v1/auth/token/second-factor"
                            : "This sign-in was started for a browser session; finish it at /api/v1/auth/login/second-factor");
        }
        User user = users.findCredentialsById(challenge.userId()).orElseThrow().user();
        // Both limits are reserved before the code is looked at, each atomically: parallel tries exceed neither.
        int tries = transactions.write(
                () -> repository.takeAttempt(challenge.id(), CHALLENGE_ATTEMPTS, now - CHALLENGE_MILLIS));
        if (tries == 0) {
            throw expiredChallenge();
        }
        SecretAttempts.Attempt attempt = attempts.reserveCode(user.id());
        String method = code == null ? null : checkCode(user.id(), code.strip());
        if (method == null
                || user.disabled()
                || !transactions.write(() -> repository.useChallenge(challenge.id(), now))) {
            audit.refused(AuditEvent.of(AuditType.SIGN_IN)
                    .org(user.orgId())
                    .actor(user.id(), ip)
                    .detail("reason", "wrong_code"));
            attempts.rejected(attempt, user.orgId(), user.id(), ip);
            int left = CHALLENGE_ATTEMPTS - tries;
            throw ApiProblem.unauthorized(
                    left > 0
                            ? "That code is not right; " + left + " tries left"
                            : "That code is not right, and this sign-in has no tries left; sign in again with your password");
        }
        attempts.accepted(attempt);
        return new Verified(user, expected, challenge.deviceName(), method);
    }

    private static ApiProblem expiredChallenge() {
        return ApiProblem.unauthorized(
                "This sign-in has expired or was already used; sign in again with your " + "password");
    }

    /** @return {@code totp} or {@code recovery_code} when the code is accepted (and now used), else null */
    private String checkCode(String userId, String code) {
        SecondFactorRepository.Enrolment enrolment = repository
                .enrolment(userId)
                .filter(SecondFactorRepository.Enrolment::confirmed)
                .orElse(null);
        if (enrolment == null || code == null) {
            return null;
        }
        if (isTotpCode(code)) {
            byte[] secret = secrets.open(SECRET_PURPOSE, userId, enrolment.sealedSecret());
            long step = Totp.matchingStep(secret, code, clock.millis());
            return step >= 0 && transactions.write(() -> repository.useStep(userId, step)) ? "totp" : null;
        }
        String hash = TokenService.hash(normalisedRecoveryCode(code));
        return transactions.write(() -> repository.useRecoveryCode(userId, hash, clock.millis()))
                ? "recovery_code"
                : null;
    }

    /** Recovery codes are typed with or without their dashes, in either case. */
    private static String normalisedRecoveryCode(String code) {
        return code.toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
    }

    private static boolean isTotpCode(String code) {
        return code != null && code.matches("\\d{" + Totp.DIGITS + "}");
    }

    private String recoveryCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(RECOVERY_ALPHABET.charAt(random.nextInt(RECOVERY_ALPHABET.length())));
        }
        return code.toString();
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
