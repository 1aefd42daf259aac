package org.carechat.contact;

import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.carechat.identity.CurrentUser;
import org.carechat.org.OrgService;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.sms.SmsGateway;
import org.carechat.storage.Transactions;
import org.carechat.system.RateLimiter;
import org.carechat.timeline.EntryKind;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * Raising a request from the patient app ("Contact the practice") and from the public form, checked at the door. The
 * form's answer is the same whether the details match a patient record or not — a form must not tell a stranger who
 * is a patient — and it is rate-limited per address and per number. A form that matches exactly one record (same
 * names, without regard to case or accents, birth date and mobile number) is linked to it; any other is kept
 * unmatched for staff to link.
 */
@Component
class ContactRaising {

    static final int MAX_TEXT = 2_000;
    static final int MAX_NAME = 100;

    private final ContactIntake intake;
    private final ContactPolicy policy;
    private final ContactSettings settings;
    private final ContactSealing sealing;
    private final PatientService patients;
    private final OrgService orgs;
    private final SmsGateway gateway;
    private final RateLimiter limiter;
    private final Transactions transactions;
    private final Clock clock;

    ContactRaising(
            ContactIntake intake,
            ContactPolicy policy,
            ContactSettings settings,
            ContactSealing sealing,
            PatientService patients,
            OrgService orgs,
            SmsGateway gateway,
            RateLimiter limiter,
            Transactions transactions,
            Clock clock) {
        this.intake = intake;
        this.policy = policy;
        this.settings = settings;
        this.sealing = sealing;
        this.patients = patients;
        this.orgs = orgs;
        this.gateway = gateway;
        this.limiter = limiter;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** "Contact the practice" in the patient app: the request is theirs, linked to their record and number. */
    String fromApp(CurrentUser patient, String reasonId, String text, String channel) {
        if (!patient.isPatient()) {
            throw ApiProblem.forbidden("Staff raise no contact requests; patients do, from the patient app");
        }
        String reason = checkReason(patient.orgId(), reasonId);
        checkText(text);
        ContactRequest.Channel preferred = channel(channel);
        String recordId = policy.recordOf(patient);
        Patient record = recordId == null ? null : patients.require(patient.orgId(), recordId);
        String mobile = record == null ? null : gateway.mobile(record.mobile());
        RateLimiter.Decision decision = limiter.take(RateLimiter.Limit.SENDS_PER_USER, patient.userId());
        if (!decision.allowed()) {
            throw ApiProblem.tooManyRequests(
                    "Too many messages in a short time; nothing was sent. Try again in " + decision.retryAfterSeconds()
                            + " s",
                    decision.retryAfterSeconds());
        }
        return transactions
                .write(() -> intake.raise(
                        new ContactIntake.Raised(
                                patient.orgId(),
                                patient,
                                ContactRequest.Source.APP,
                                reason,
                                recordId,
                                patient.userId(),
                                null,
                                mobile,
                                sealing.mobileIndex(patient.orgId(), mobile),
                                preferred,
                                patient.ip()),
                        text.strip(),
                        EntryKind.TEXT,
                        UUID.randomUUID().toString(),
                        Map.of()))
                .id();
    }

    /** The public form's fields, as typed. */
    record Form(String givenName, String familyName, String birthDate, String mobile, String reasonId, String text) {

        /** Nothing a person typed. */
        @Override
        public String toString() {
            return "Form[reasonId=" + reasonId + "]";
        }
    }

    /**
     * The public form, for someone without an account. Answers the same (202) whether or not the details match a
     * record.
     *
     * @throws ApiProblem 404 for an organisation that does not exist, 400 for a field that is missing or wrong, 429
     *                    beyond the form's rate
     */
    void fromForm(String orgId, Form form, String ip) {
        orgs.find(orgId).orElseThrow(() -> ApiProblem.notFound("Organisation " + orgId));
        String given = name("givenName", form.givenName());
        String family = name("familyName", form.familyName());
        String birthDate = birthDate(form.birthDate());
        String mobile = gateway.mobile(form.mobile());
        if (mobile == null) {
            throw ApiProblem.badRequest("mobile must be a mobile number we can text, e.g. +44 7700 900123");
        }
        String reason = checkReason(orgId, form.reasonId());
        checkText(form.text());
        take(RateLimiter.Limit.CONTACT_FORMS_PER_ADDRESS, String.valueOf(ip));
        take(RateLimiter.Limit.CONTACT_FORMS_PER_NUMBER, mobile);
        String matched =
                match(orgId, given, family, birthDate, mobile).map(Patient::id).orElse(null);
        transactions.run(() -> intake.raise(
                new ContactIntake.Raised(
                        orgId,
                        intake.automatic(orgId, "form"),
                        ContactRequest.Source.FORM,
                        reason,
                        matched,
                        null,
                        new GivenDetails(given, family, birthDate, form.mobile().strip()),
                        mobile,
                        sealing.mobileIndex(orgId, mobile),
                        ContactRequest.Channel.SMS,
                        ip),
                form.text().strip(),
                EntryKind.TEXT,
                UUID.randomUUID().toString(),
                Map.of()));
    }

    /**
     * The one record of the organisation with these names, birth date and mobile number; none when there is none or
     * more than one (read through the patient feature).
     */
    private Optional<Patient> match(String orgId, String given, String family, String birthDate, String mobile) {
        List<Patient> candidates = patients.withContactAndBirthDate("sms", mobile, birthDate).stream()
                .filter(p -> p.orgId().equals(orgId))
                .filter(p -> plain(p.givenName()).equals(plain(given))
                        && plain(p.familyName()).equals(plain(family)))
                .toList();
        return candidates.size() == 1 ? Optional.of(candidates.getFirst()) : Optional.empty();
    }

    private void take(RateLimiter.Limit limit, String key) {
        RateLimiter.Decision decision = limiter.take(limit, key);
        if (!decision.allowed()) {
            throw ApiProblem.tooManyRequests(
                    "Too many contact forms were sent; nothing was stored. Try again in " + decision.retryAfterSeconds()
                            + " s, or call the practice",
                    decision.retryAfterSeconds());
        }
    }

    private String checkReason(String orgId, String reasonId) {
        List<ContactReason> reasons = settings.activeReasons(orgId);
        if (reasonId == null || reasonId.isBlank()) {
            if (!reasons.isEmpty()) {
                throw ApiProblem.badRequest("reasonId is required: pick one of the practice's reasons");
            }
            return null;
        }
        return reasons.stream()
                .filter(r -> r.id().equals(reasonId))
                .findFirst()
                .map(ContactReason::id)
                .orElseThrow(() -> ApiProblem.badRequest("reasonId is not one of the practice's reasons"));
    }

    private static void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest("text is required: say what you would like to ask the practice");
        }
        if (text.strip().length() > MAX_TEXT) {
            throw ApiProblem.badRequest("text holds at most " + MAX_TEXT + " characters");
        }
    }

    private static ContactRequest.Channel channel(String channel) {
        if (channel == null || channel.isBlank()) {
            return ContactRequest.Channel.SMS;
        }
        return switch (channel) {
            case "sms" -> ContactRequest.Channel.SMS;
            case "app" -> ContactRequest.Channel.APP;
            case "phone" -> ContactRequest.Channel.PHONE;
            default -> throw ApiProblem.badRequest("preferredChannel must be sms, app or phone");
        };
    }

    private static String name(String field, String value) {
        if (value == null || value.isBlank() || value.strip().length() > MAX_NAME) {
            throw ApiProblem.badRequest(field + " must have 1 to " + MAX_NAME + " characters");
        }
        return value.strip();
    }

    private String birthDate(String value) {
        try {
            LocalDate date = LocalDate.parse(value == null ? "" : value.strip());
            if (date.isAfter(LocalDate.now(clock)) || date.getYear() < 1880) {
                throw ApiProblem.badRequest("birthDate must be a real date in the past");
            }
            return date.toString();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("birthDate must be a date written YYYY-MM-DD");
        }
    }

    private static String plain(String name) {
        return Normalizer.normalize(name == null ? "" : name.strip(), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replaceAll("\\s+", " ")
                .toLowerCase(Locale.ROOT);
    }
}
