package org.carechat.patientaccess;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.SignInService;
import org.carechat.identity.TokenService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.notification.PatientChannel;
import org.carechat.notification.PatientChannels;
import org.carechat.org.OrgService;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.system.MobileNumbers;
import org.carechat.system.RateLimiter;
import org.carechat.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
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
 * <p>Nothing tells whether a record exists: a request that matches none is stored and answered exactly like one that
 * does (the code is sent afterwards, off the request's thread, so the answer takes as long either way), and its
 * "code" can never be right. Requests are limited per contact and per address, code entries per address and per
 * request; every attempt is audited, never with the contact itself.
 */
@Service
public class PatientAccessService implements DisposableBean {

    static final String WRONG_CODE = "That code is not right, or it has expired. Check the code, or ask for a new one.";
    static final String NO_TRIES_LEFT = "That code has had too many wrong tries. Ask for a new code.";
    static final long MAX_LIFETIME_MILLIS = 10 * 60_000;
    private static final Logger log = LoggerFactory.getLogger(PatientAccessService.class);

    private final PatientService patients;
    private final UserService users;
    private final ConversationService conversations;
    private final SignInService signIn;
    private final PatientChannels channels;
    private final MobileNumbers numbers;
    private final CodeRepository codes;
    private final RateLimiter limits;
    private final org.carechat.identity.SecretAttempts attempts;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;
    private final CareChatProperties.Patients settings;
    private final OrgService orgs;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    PatientAccessService(
            PatientService patients,
            UserService users,
            ConversationService conversations,
            SignInService signIn,
            PatientChannels channels,
            MobileNumbers numbers,
            CodeRepository codes,
            RateLimiter limits,
            AuditLog audit,
            Transactions transactions,
            Ids ids,
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
        this.channels = channels;
        this.numbers = numbers;
        this.codes = codes;
        this.limits = limits;
        this.audit = audit;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
        this.settings = properties.patients();
    }

    /**
     * A code request as answered: the secret that names it at sign-in, the channel the code goes by and how long it
     * works. The same whether a record matched or not.
     */
    public record Requested(String request, String channel, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Requested[request=***, channel=" + channel + "]";
        }
    }

    /**
     * A patient signed in: their account and the new browser session; {@code choosePassword} when their organisation
     * has patients sign in by password and they have none yet.
     */
    public record SignedIn(User user, TokenService.Issued session, boolean choosePassword) {}

    /**
     * Asks for a code for the patient whose record holds {@code contact} (a mobile number or an e-mail address) and
     * {@code birthDate}.
     *
     * @throws ApiProblem 400 for a contact that is neither a valid mobile number nor an e-mail address, a date that
     *                    is not one, or a channel this installation cannot send by; 429 beyond the request limits
     */
    public Requested requestCode(String contact, String birthDate, String ip) {
        String channelName = MobileNumbers.looksLikeNumber(contact) ? "sms" : "email";
        PatientChannel channel = channels.available(channelName).orElse(null);
        if (channel == null) {
            refuseRequest(ip, channelName, "channel_off");
            throw ApiProblem.badRequest(
                    channelName.equals("sms")
                            ? "Codes cannot be sent by SMS here; use the e-mail address in your record"
                            : "Codes cannot be sent by e-mail here; use the mobile number in your record");
        }
        String address = channel.addressOf(contact, contact);
        if (address == null) {
            refuseRequest(ip, channelName, "invalid_contact");
            throw ApiProblem.badRequest(
                    channelName.equals("sms")
                            ? "That is not a mobile number we can send to; write it with its country code, e.g. +44 7400 123456"
                            : "That is not an e-mail address");
        }
        String date = checkedBirthDate(birthDate, () -> refuseRequest(ip, channelName, "invalid_birth_date"));
        requireAllowed(
                RateLimiter.Limit.CODES_PER_ADDRESS,
                String.valueOf(ip),
                ip,
                "Too many codes were asked for from your address");
        requireAllowed(
                RateLimiter.Limit.CODES_PER_DESTINATION,
                channelName + ":" + address,
                ip,
                "Too many codes were asked for this " + (channelName.equals("sms") ? "number" : "address"));
        Patient match = matchingRecord(channel, address, date);
        String code = sixDigits();
        String secret = "pc_" + randomToken();
        long now = clock.millis();
        long lifetime = Math.min(settings.codeLifetime().toMillis(), MAX_LIFETIME_MILLIS);
        String id = ids.next();
        transactions.write(() -> {
            codes.deleteBefore(now - 24 * 3_600_000L);
            codes.insert(
                    id,
                    hash(secret),
                    match == null ? null : match.orgId(),
                    match == null ? null : match.id(),
                    channelName,
                    hash(id + ":" + code),
                    now,
                    now + lifetime);
            if (match != null) {
                audit.record(AuditEvent.of(AuditType.ONE_TIME_CODE_REQUESTED)
                        .org(match.orgId())
                        .actor(null, ip)
                        .target("code", id)
                        .patient(match.id())
                        .detail("channel", channelName));
            }
            return null;
        });
        if (match == null) {
            refuseRequest(ip, channelName, "no_match");
        } else {
            long minutes = lifetime / 60_000;
            senders.execute(() -> deliver(
                    channel,
                    address,
                    id,
                    "Your CareChat code is " + code + ". It works for " + minutes
                            + " minutes. Do not share it with anyone."));
        }
        return new Requested(secret, channelName, lifetime / 1000);
    }

    /**
     * The record (of any organisation) whose contact on {@code channel} is {@code address} and whose birth date is
     * {@code date}, unless its account is disabled; the oldest when several organisations hold one.
     */
    private Patient matchingRecord(PatientChannel channel, String address, String date) {
        return patients.withContactAndBirthDate(channel.name(), address, date).stream()
                .filter(p -> address.equals(channel.addressOf(p.mobile(), p.email())))
                .filter(p -> users.findPatientAccount(p.orgId(), p.id())
                        .map(u -> !u.disabled())
                        .orElse(true))
                .findFirst()
                .orElse(null);
    }

    /**
     * Signs a patient in with the password they chose, where their organisation has patients sign in by password. The
     * answer is the same for details that match no record, an organisation that signs in by code, an account without
     * a password and a wrong password.
     *
     * @throws ApiProblem 401 for any of those; 400 for a contact or date that is not one; 429 beyond the limits
     */
    public SignedIn signInWithPassword(String contact, String birthDate, String password, String ip) {
        String channelName = MobileNumbers.looksLikeNumber(contact) ? "sms" : "email";
        PatientChannel channel = channels.named(channelName).orElseThrow();
        String address = channel.addressOf(contact, contact);
        if (address == null) {
            refusePasswordSignIn(ip, "invalid_contact");
            throw ApiProblem.badRequest(
                    channelName.equals("sms")
                            ? "That is not a mobile number; write it with its country code, e.g. +44 7400 123456"
                            : "That is not an e-mail address");
        }
        String date = checkedBirthDate(birthDate, () -> refusePasswordSignIn(ip, "invalid_birth_date"));
        Patient match = matchingRecord(channel, address, date);
        java.util.Optional<User> account =
                match == null || !OrgService.SIGN_IN_BY_PASSWORD.equals(orgs.patientSignIn(match.orgId()))
                        ? java.util.Optional.empty()
                        : users.findPatientAccount(match.orgId(), match.id());
        TokenService.Issued session = signIn.patientPasswordSignIn(account, password, channelName + ":" + address, ip);
        return new SignedIn(account.orElseThrow(), session, false);
    }

    /**
     * A signed-in patient chooses a password: allowed when they have none yet, or within the code lifetime after a
     * code sent to their record's contact signed them in (which is how a forgotten password is reset).
     *
     * @throws ApiProblem 403 otherwise, or for staff; 400 for a weak password
     */
    public void choosePassword(org.carechat.identity.CurrentUser patient, String newPassword) {
        if (!patient.isPatient()) {
            audit.refused(patient.audit(AuditType.USER_UPDATED).detail("reason", "not_a_patient"));
            throw ApiProblem.forbidden(
                    "This is where patients choose their password; staff change theirs at " + "/api/v1/auth/password");
        }
        String record = users.find(patient.orgId(), patient.userId())
                .map(User::patientId)
                .orElseThrow();
        long since = clock.millis() - Math.min(settings.codeLifetime().toMillis(), MAX_LIFETIME_MILLIS);
        boolean freshCode = codes.lastUsed(record).map(at -> at >= since).orElse(false);
        if (signIn.hasPassword(patient.userId()) && !freshCode) {
            audit.refused(patient.audit(AuditType.USER_UPDATED)
                    .target("user", patient.userId())
                    .detail("change", "password")
                    .detail("reason", "no_fresh_code"));
            throw ApiProblem.forbidden("To change your password, sign in with a code sent to you first, then choose "
                    + "the new one within 10 minutes");
        }
        signIn.setPatientPassword(patient, newPassword);
    }

    private void deliver(PatientChannel channel, String address, String codeId, String text) {
        try {
            channel.send(address, "Your CareChat code", text);
        } catch (PatientChannel.SendFailed failed) {
            log.warn("the one-time code {} was not sent by {}: {}", codeId, channel.name(), failed.getMessage());
        }
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

    private void requireAllowed(RateLimiter.Limit limit, String key, String ip, String what) {
        RateLimiter.Decision decision = limits.take(limit, key);
        if (!decision.allowed()) {
            if (decision.firstRefusal()) {
                audit.refused(AuditEvent.of(AuditType.ONE_TIME_CODE_REQUESTED)
                        .actor(null, ip)
                        .detail("reason", "rate_limited")
                        .detail("limit", limit.name().toLowerCase(Locale.ROOT)));
            }
            throw ApiProblem.tooManyRequests(
                    what + "; try again in " + minutes(decision.retryAfterSeconds()), decision.retryAfterSeconds());
        }
    }

    /** The date of birth as YYYY-MM-DD of a real day; otherwise {@code refusal} is audited and 400 answered. */
    private static String checkedBirthDate(String birthDate, Runnable refusal) {
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

    /** A password sign-in refused before any record was looked at: audited with the address, never the contact. */
    private void refusePasswordSignIn(String ip, String reason) {
        audit.refused(AuditEvent.of(AuditType.SIGN_IN)
                .actor(null, ip)
                .detail("method", "patient_password")
                .detail("reason", reason));
    }

    /** Every refused code request is audited: the address and the reason, never the contact. */
    private void refuseRequest(String ip, String channelName, String reason) {
        audit.refused(AuditEvent.of(AuditType.ONE_TIME_CODE_REQUESTED)
                .actor(null, ip)
                .detail("channel", channelName)
                .detail("reason", reason));
    }

    private static String minutes(long seconds) {
        long minutes = Math.max(1, (seconds + 59) / 60);
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    private String sixDigits() {
        return String.valueOf(100_000 + random.nextInt(900_000));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    @Override
    public void destroy() {
        senders.shutdown();
    }
}
