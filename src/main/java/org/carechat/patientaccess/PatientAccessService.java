package org.carechat.patientaccess;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.SignInService;
import org.carechat.identity.TokenService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.notification.PatientChannel;
import org.carechat.org.OrgService;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * Registration and sign-in of patients with a one-time code, sent only to the mobile number or e-mail address stored
 * in their record.
 *
 * <p>A patient gives the contact in their record and their date of birth; a 6-digit code (random, stored only as a
 * hash, working for {@code carechat.patients.code-lifetime}, at most 10 minutes, and {@code code-attempts} tries) goes
 * there. The right code signs them in, making their account the first time (registration) and adding it to the
 * patient conversations linked to their record.
 *
 * <p>Asking for a code is {@link CodeRequests}'s, passwords (where an organisation has them) {@link PatientPasswords}'s;
 * this class checks a code and registers, and finds the record a contact and a birth date name.
 *
 * <p>Nothing tells whether a record exists: a request that matches none is stored and answered exactly like one that
 * does (the code is sent afterwards, off the request's thread, so the answer takes as long either way), and its
 * "code" can never be right. Requests are limited per contact and per address, code entries per address and per
 * request; every attempt is audited, never with the contact itself.
 */
@Service
public class PatientAccessService {

    static final String WRONG_CODE = "That code is not right, or it has expired. Check the code, or ask for a new one.";
    static final String NO_TRIES_LEFT = "That code has had too many wrong tries. Ask for a new code.";
    static final long MAX_LIFETIME_MILLIS = 10 * 60_000;

    private final PatientService patients;
    private final UserService users;
    private final ConversationService conversations;
    private final SignInService signIn;
    private final CodeRepository codes;
    private final org.carechat.identity.SecretAttempts attempts;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;
    private final CareChatProperties.Patients settings;
    private final OrgService orgs;

    PatientAccessService(
            PatientService patients,
            UserService users,
            ConversationService conversations,
            SignInService signIn,
            CodeRepository codes,
            AuditLog audit,
            Transactions transactions,
            Clock clock,
            CareChatProperties properties,
            OrgService orgs,
            org.carechat.identity.SecretAttempts attempts) {
        this.attempts = attempts;
        this.orgs = orgs;
        this.patients = patients;
        this.users = users;
        this.conversations = conversations;
        this.signIn = signIn;
        this.codes = codes;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = properties.patients();
    }

    /**
     * A patient signed in: their account and the new browser session; {@code choosePassword} when their organisation
     * has patients sign in by password and they have none yet.
     */
    public record SignedIn(User user, TokenService.Issued session, boolean choosePassword) {}

    /**
     * The record (of any organisation) whose contact on {@code channel} is {@code address} and whose birth date is
     * {@code date}, unless its account is disabled; the oldest when several organisations hold one.
     */
    Patient matchingRecord(PatientChannel channel, String address, String date) {
        return patients.withContactAndBirthDate(channel.name(), address, date).stream()
                .filter(p -> address.equals(channel.addressOf(p.mobile(), p.email())))
                .filter(p -> users.findPatientAccount(p.orgId(), p.id())
                        .map(u -> !u.disabled())
                        .orElse(true))
                .findFirst()
                .orElse(null);
    }

    /**
     * Signs a patient in with the code of a request: their account is made on the first sign-in (registration).
     *
     * @throws ApiProblem 401 for a wrong, expired, used or unknown code (one message for all); 429 beyond the
     *                    sign-in attempts of the address or the request's tries
     */
    public SignedIn signIn(String request, String code, String ip) {
        attempts.requireAddressAllowed(ip);
        CodeRepository.CodeRow row =
                request == null ? null : codes.find(hash(request)).orElse(null);
        long now = clock.millis();
        if (row == null || row.usedAt() != null || now >= row.expiresAt()) {
            refuseSignIn(row, ip, row == null ? "unknown_request" : row.usedAt() != null ? "used" : "expired");
            throw ApiProblem.unauthorized(WRONG_CODE);
        }
        // The try is taken before the code is compared, in one statement: parallel tries cannot exceed the limit.
        if (!transactions.write(() -> codes.takeAttempt(row.id(), settings.codeAttempts(), now))) {
            refuseSignIn(row, ip, "no_tries_left");
            throw ApiProblem.tooManyRequests(NO_TRIES_LEFT, Math.max(1, (row.expiresAt() - now) / 1000));
        }
        boolean right = code != null
                && MessageDigest.isEqual(
                        hash(row.id() + ":" + code.strip()).getBytes(StandardCharsets.UTF_8),
                        row.codeHash().getBytes(StandardCharsets.UTF_8));
        if (!right || row.patientId() == null || !transactions.write(() -> codes.use(row.id(), now))) {
            refuseSignIn(row, ip, "wrong_code");
            throw ApiProblem.unauthorized(WRONG_CODE);
        }
        User account = transactions.write(
                () -> users.findPatientAccount(row.orgId(), row.patientId()).orElseGet(() -> register(row, ip)));
        if (account.disabled()) {
            refuseSignIn(row, ip, "disabled");
            throw ApiProblem.unauthorized(WRONG_CODE);
        }
        boolean choosePassword = OrgService.SIGN_IN_BY_PASSWORD.equals(orgs.patientSignIn(account.orgId()))
                && !signIn.hasPassword(account.id());
        return new SignedIn(account, signIn.patientSession(account, ip), choosePassword);
    }

    /** The first right code: the patient's account, in the conversations linked to their record. */
    private User register(CodeRepository.CodeRow row, String ip) {
        Patient patient = patients.require(row.orgId(), row.patientId());
        User account = users.createPatientAccount(row.orgId(), patient.id(), patient.displayName(), ip);
        audit.record(AuditEvent.of(AuditType.PATIENT_REGISTERED)
                .org(row.orgId())
                .actor(account.id(), ip)
                .target("user", account.id())
                .patient(patient.id())
                .detail("channel", row.channel()));
        conversations.joinLinkedConversations(account, ip);
        return account;
    }

    private void refuseSignIn(CodeRepository.CodeRow row, String ip, String reason) {
        audit.refused(AuditEvent.of(AuditType.SIGN_IN)
                .org(row == null ? null : row.orgId())
                .actor(null, ip)
                .patient(row == null ? null : row.patientId())
                .detail("method", "one_time_code")
                .detail("reason", reason));
    }

    /** The date of birth as YYYY-MM-DD of a real day; otherwise {@code refusal} is audited and 400 answered. */
    static String checkedBirthDate(String birthDate, Runnable refusal) {
        if (birthDate == null || !birthDate.matches("\\d{4}-\\d{2}-\\d{2}")) {
            refusal.run();
            throw ApiProblem.badRequest("Give your date of birth as YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(birthDate).toString();
        } catch (DateTimeParseException e) {
            refusal.run();
            throw ApiProblem.badRequest("That date of birth is not a real date");
        }
    }

    static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
