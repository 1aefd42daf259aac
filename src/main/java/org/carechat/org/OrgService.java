package org.carechat.org;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.crypto.IdentifyingData;
import org.carechat.storage.Ids;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/** Organisations (tenants). Creating one is for system administrators and the command line. */
@Service
public class OrgService {

    public static final int MAX_NAME_LENGTH = 200;
    /** Patients sign in with a fresh one-time code each time (the default). */
    public static final String SIGN_IN_BY_CODE = "code";
    /** Patients choose a password after registering by code and sign in with it; a code still works (a reset). */
    public static final String SIGN_IN_BY_PASSWORD = "password";

    private final OrgRepository repository;
    private final AuditLog audit;
    private final Ids ids;
    private final Clock clock;
    private final IdentifyingData identifyingData;

    OrgService(OrgRepository repository, AuditLog audit, Ids ids, Clock clock, IdentifyingData identifyingData) {
        this.repository = repository;
        this.identifyingData = identifyingData;
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Creates an organisation with its keys for identifying data; call inside a write transaction.
     *
     * @param actorId the system administrator creating it, or {@code null} for the command line
     * @throws ApiProblem 400 for a blank or over-long name, 409 when the name is taken
     */
    public Organisation create(String name, String actorId, String ip) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw ApiProblem.badRequest("The organisation name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (repository.findByName(trimmed).isPresent()) {
            throw ApiProblem.conflict("An organisation named '" + trimmed + "' already exists");
        }
        Organisation org = new Organisation(ids.next(), trimmed, clock.millis(), false);
        repository.insert(org);
        identifyingData.createKeys(org.id());
        audit.record(AuditEvent.of(AuditType.ORG_CREATED)
                .org(org.id())
                .actor(actorId, ip)
                .target("organisation", org.id()));
        return org;
    }

    /**
     * Changes an organisation's settings; call inside a write transaction (the caller checked the admin role).
     * Audited as a setting change.
     *
     * @param requireSecondFactor {@code null} leaves it as it is
     */
    public Organisation updateSettings(String orgId, Boolean requireSecondFactor, String actorId, String ip) {
        Organisation org = find(orgId).orElseThrow(() -> ApiProblem.notFound("Organisation"));
        if (requireSecondFactor == null || requireSecondFactor == org.requireSecondFactor()) {
            return org;
        }
        repository.updateSettings(orgId, requireSecondFactor);
        audit.record(AuditEvent.of(AuditType.SETTINGS_CHANGED)
                .org(orgId)
                .actor(actorId, ip)
                .target("organisation", orgId)
                .detail("requireSecondFactor", requireSecondFactor));
        return find(orgId).orElseThrow();
    }

    /** How the organisation tells its patients of unread messages (defaults until an admin changes them). */
    public NoticeRules noticeRules(String orgId) {
        return repository.noticeRules(orgId);
    }

    /**
     * Replaces the organisation's notice rules; call inside a write transaction (the caller checked the admin role).
     * Audited as a setting change.
     *
     * @throws ApiProblem 400 naming the first unusable field
     */
    public NoticeRules updateNoticeRules(String orgId, NoticeRules rules, String actorId, String ip) {
        String problem = rules.problem();
        if (problem != null) {
            throw ApiProblem.badRequest(problem);
        }
        repository.updateNoticeRules(orgId, rules);
        audit.record(AuditEvent.of(AuditType.SETTINGS_CHANGED)
                .org(orgId)
                .actor(actorId, ip)
                .target("organisation", orgId)
                .detail("notices", String.join(",", rules.channels())));
        return repository.noticeRules(orgId);
    }

    /** How the organisation's patients sign in after registering: {@code code} or {@code password}. */
    public String patientSignIn(String orgId) {
        return repository.patientSignIn(orgId);
    }

    /**
     * Whether any organisation of this server has its patients sign in with a password: the patient sign-in page, which
     * knows neither the patient nor their practice before they sign in, offers "I have a password" only then.
     */
    public boolean anyPatientPasswords() {
        return repository.anyWithPatientSignIn(SIGN_IN_BY_PASSWORD);
    }

    /**
     * Sets how patients sign in; call inside a write transaction (the caller checked the admin role). Audited.
     *
     * @throws ApiProblem 400 for anything but {@code code} or {@code password}
     */
    public String updatePatientSignIn(String orgId, String method, String actorId, String ip) {
        if (!SIGN_IN_BY_CODE.equals(method) && !SIGN_IN_BY_PASSWORD.equals(method)) {
            throw ApiProblem.badRequest("patientSignIn is \"code\" (a one-time code each time) or \"password\"");
        }
        repository.updatePatientSignIn(orgId, method);
        audit.record(AuditEvent.of(AuditType.SETTINGS_CHANGED)
                .org(orgId)
                .actor(actorId, ip)
                .target("organisation", orgId)
                .detail("patientSignIn", method));
        return method;
    }

    /**
     * What the organisation's patients see of it: its name, the sentence that CareChat is not for emergencies (the
     * organisation's own, or {@link #DEFAULT_EMERGENCY_NOTICE}) and how soon it usually replies ({@code null} when it
     * does not say).
     */
    @io.swagger.v3.oas.annotations.media.Schema(name = "OrganisationProfile")
    public record PatientFacing(String name, String emergencyNotice, String expectedReply) {}

    public static final int MAX_EXPECTED_REPLY_LENGTH = 200;

    public static final String DEFAULT_EMERGENCY_NOTICE = "Not for emergencies: messages may not be read at once. "
            + "In an emergency, call your local emergency number.";
    public static final int MAX_EMERGENCY_NOTICE_LENGTH = 500;

    public PatientFacing patientFacing(String orgId) {
        Organisation org = find(orgId).orElseThrow(() -> ApiProblem.notFound("Organisation"));
        String notice = repository.emergencyNotice(orgId);
        return new PatientFacing(
                org.name(), notice == null ? DEFAULT_EMERGENCY_NOTICE : notice, repository.expectedReply(orgId));
    }

    /**
     * Sets the sentence saying how soon the practice usually replies ("We usually reply within 2 working days."),
     * shown to patients beside the "not for emergencies" one; blank removes it. One line of plain text. Call inside a
     * write transaction (the caller checked the admin role). Audited as a setting change.
     *
     * @throws ApiProblem 400 for a text over {@value #MAX_EXPECTED_REPLY_LENGTH} characters or of several lines
     */
    public PatientFacing updateExpectedReply(String orgId, String sentence, String actorId, String ip) {
        String text = sentence == null || sentence.isBlank() ? null : sentence.strip();
        if (text != null && text.length() > MAX_EXPECTED_REPLY_LENGTH) {
            throw ApiProblem.badRequest("expectedReply is at most " + MAX_EXPECTED_REPLY_LENGTH
                    + " characters; say it in one sentence, e.g. We usually reply within 2 working days.");
        }
        if (text != null && text.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.badRequest("expectedReply is one line of plain text: no line breaks or tabs");
        }
        repository.updateExpectedReply(orgId, text);
        audit.record(AuditEvent.of(AuditType.SETTINGS_CHANGED)
                .org(orgId)
                .actor(actorId, ip)
                .target("organisation", orgId)
                .detail("change", text == null ? "expected_reply_removed" : "expected_reply"));
        return patientFacing(orgId);
    }

    /**
     * Renames the organisation (patients see the name in their app and their notices); call inside a write transaction
     * (the caller checked the admin role). Audited as a setting change.
     *
     * @throws ApiProblem 400 for a blank or over-long name, 409 when another organisation has it
     */
    public Organisation rename(String orgId, String name, String actorId, String ip) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw ApiProblem.badRequest("The organisation name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        Optional<Organisation> holder = repository.findByName(trimmed);
        if (holder.isPresent() && !holder.get().id().equals(orgId)) {
            throw ApiProblem.conflict("Another organisation on this server is named '" + trimmed + "'");
        }
        repository.rename(orgId, trimmed);
        audit.record(AuditEvent.of(AuditType.SETTINGS_CHANGED)
                .org(orgId)
                .actor(actorId, ip)
                .target("organisation", orgId)
                .detail("change", "name"));
        return find(orgId).orElseThrow();
    }

    /**
     * Sets the "not for emergencies" text patients see; blank restores CareChat's sentence. Call inside a write
     * transaction (the caller checked the admin role). Audited as a setting change.
     *
     * @throws ApiProblem 400 for a text over {@value #MAX_EMERGENCY_NOTICE_LENGTH} characters
     */
    public PatientFacing updateEmergencyNotice(String orgId, String notice, String actorId, String ip) {
        String text = notice == null || notice.isBlank() ? null : notice.strip();
        if (text != null && text.length() > MAX_EMERGENCY_NOTICE_LENGTH) {
            throw ApiProblem.badRequest(
                    "emergencyNotice is at most " + MAX_EMERGENCY_NOTICE_LENGTH + " characters; keep it to a sentence");
        }
        repository.updateEmergencyNotice(orgId, text);
        audit.record(AuditEvent.of(AuditType.SETTINGS_CHANGED)
                .org(orgId)
                .actor(actorId, ip)
                .target("organisation", orgId)
                .detail("change", text == null ? "emergency_notice_default" : "emergency_notice"));
        return patientFacing(orgId);
    }

    public Optional<Organisation> find(String id) {
        return repository.findById(id);
    }

    public Optional<Organisation> findByName(String name) {
        return repository.findByName(name);
    }

    public List<Organisation> all() {
        return repository.findAll();
    }

    public boolean isEmpty() {
        return repository.count() == 0;
    }
}
