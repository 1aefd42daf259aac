package org.carechat.patientaccess;

import java.time.Clock;
import java.util.Optional;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.SignInService;
import org.carechat.identity.TokenService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.notification.PatientChannel;
import org.carechat.notification.PatientChannels;
import org.carechat.org.OrgService;
import org.carechat.patient.Patient;
import org.carechat.system.CareChatProperties;
import org.carechat.system.MobileNumbers;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * Patients' passwords, for organisations whose patients sign in with one: signing in with the contact in the record,
 * the date of birth and the password, and choosing a password (the first, or a new one right after a code sent to the
 * record's contact signed them in). The record is found as for a code ({@link PatientAccessService}); every refusal
 * answers alike and is audited without the contact.
 */
@Service
public class PatientPasswords {

    private final PatientAccessService codes;
    private final CodeRepository codeRows;
    private final PatientChannels channels;
    private final UserService users;
    private final SignInService signIn;
    private final OrgService orgs;
    private final AuditLog audit;
    private final Clock clock;
    private final CareChatProperties.Patients settings;

    PatientPasswords(
            PatientAccessService codes,
            CodeRepository codeRows,
            PatientChannels channels,
            UserService users,
            SignInService signIn,
            OrgService orgs,
            AuditLog audit,
            Clock clock,
            CareChatProperties properties) {
        this.codes = codes;
        this.codeRows = codeRows;
        this.channels = channels;
        this.users = users;
        this.signIn = signIn;
        this.orgs = orgs;
        this.audit = audit;
        this.clock = clock;
        this.settings = properties.patients();
    }

    /**
     * Signs a patient in with the password they chose, where their organisation has patients sign in by password. The
     * answer is the same for details that match no record, an organisation that signs in by code, an account without
     * a password and a wrong password.
     *
     * @throws ApiProblem 401 for any of those; 400 for a contact or date that is not one; 429 beyond the limits
     */
    public PatientAccessService.SignedIn signInWithPassword(
            String contact, String birthDate, String password, String ip) {
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
        String date =
                PatientAccessService.checkedBirthDate(birthDate, () -> refusePasswordSignIn(ip, "invalid_birth_date"));
        Patient match = codes.matchingRecord(channel, address, date);
        Optional<User> account =
                match == null || !OrgService.SIGN_IN_BY_PASSWORD.equals(orgs.patientSignIn(match.orgId()))
                        ? Optional.empty()
                        : users.findPatientAccount(match.orgId(), match.id());
        TokenService.Issued session = signIn.patientPasswordSignIn(account, password, channelName + ":" + address, ip);
        return new PatientAccessService.SignedIn(account.orElseThrow(), session, false);
    }

    /**
     * A signed-in patient chooses a password: allowed when they have none yet, or within the code lifetime after a
     * code sent to their record's contact signed them in (which is how a forgotten password is reset).
     *
     * @throws ApiProblem 403 otherwise, or for staff; 400 for a weak password
     */
    public void choosePassword(CurrentUser patient, String newPassword) {
        if (!patient.isPatient()) {
            audit.refused(patient.audit(AuditType.USER_UPDATED).detail("reason", "not_a_patient"));
            throw ApiProblem.forbidden(
                    "This is where patients choose their password; staff change theirs at " + "/api/v1/auth/password");
        }
        String record = users.find(patient.orgId(), patient.userId())
                .map(User::patientId)
                .orElseThrow();
        long since =
                clock.millis() - Math.min(settings.codeLifetime().toMillis(), PatientAccessService.MAX_LIFETIME_MILLIS);
        boolean freshCode = codeRows.lastUsed(record).map(at -> at >= since).orElse(false);
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

    /** A password sign-in refused before any record was looked at: audited with the address, never the contact. */
    private void refusePasswordSignIn(String ip, String reason) {
        audit.refused(AuditEvent.of(AuditType.SIGN_IN)
                .actor(null, ip)
                .detail("method", "patient_password")
                .detail("reason", reason));
    }
}
