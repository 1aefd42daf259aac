package org.carechat.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carechat.attachment.PurgedAttachments;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.contact.ContactService;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.TokenService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.patient.PatientService;
import org.carechat.timeline.Timeline;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * Erases a patient where the law allows (GDPR Art. 17, docs/retention.md), in one unit of work: refused while any
 * legal hold covers their data; otherwise the conversations that were theirs alone are crypto-shredded through the
 * purge's own path, their texts and files in conversations shared with other patients are blanked and deleted, their
 * contact requests' threads shredded and who raised them forgotten, their account is renamed,
 * disabled and signed out everywhere, and their record is overwritten. Audited by ids.
 */
@Component
class PatientErasure {

    static final String REASON_ERASURE = "erasure";
    static final String ERASED_TOPIC = "Conversation about an erased patient";

    /**
     * What an erasure did.
     *
     * @param shredded         the conversations crypto-shredded (theirs alone)
     * @param textsErasedIn    the conversations shared with other patients in which their texts were blanked
     * @param accountErased    they had an account, now erased
     */
    record Result(String patientId, List<String> shredded, List<String> textsErasedIn, boolean accountErased) {}

    private final PatientService patients;
    private final UserService users;
    private final TokenService tokens;
    private final PatientFootprint footprint;
    private final ContactService contacts;
    private final ConversationService conversations;
    private final RetentionPurge purge;
    private final Timeline timeline;
    private final PurgedAttachments attachments;
    private final AuditLog audit;

    PatientErasure(
            PatientService patients,
            UserService users,
            TokenService tokens,
            PatientFootprint footprint,
            ContactService contacts,
            ConversationService conversations,
            RetentionPurge purge,
            Timeline timeline,
            PurgedAttachments attachments,
            AuditLog audit) {
        this.patients = patients;
        this.users = users;
        this.tokens = tokens;
        this.footprint = footprint;
        this.contacts = contacts;
        this.conversations = conversations;
        this.purge = purge;
        this.timeline = timeline;
        this.attachments = attachments;
        this.audit = audit;
    }

    /**
     * Erases; call inside a write unit of work (the caller checked the admin role), then
     * {@link RetentionPurge#discardAttachments} after its commit.
     *
     * @throws ApiProblem 404 when the organisation has no such patient; 409 naming the hold while one covers their
     *     data, or when a text arrived in one of their conversations meanwhile (nothing was done: retry)
     */
    Result erase(CurrentUser actor, String patientId, String reason) {
        String mobile = patients.require(actor.orgId(), patientId).mobile();
        String accountId =
                users.findPatientAccount(actor.orgId(), patientId).map(User::id).orElse(null);
        List<ContactService.AboutPatient> requests = contacts.aboutPatient(actor.orgId(), patientId, accountId, mobile);
        List<PatientFootprint.Conversation> live = live(actor.orgId(), patientId, accountId, requests);
        refuseWhileHeld(actor, patientId, accountId, live);
        List<String> shredded = new ArrayList<>();
        List<String> shared = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (PatientFootprint.Conversation c : live) {
            if (!c.otherPatients()) {
                shred(actor, patientId, c);
                shredded.add(c.id());
            } else {
                files.addAll(eraseTheirsIn(actor.orgId(), c, accountId));
                shared.add(c.id());
            }
        }
        // A hold placed while this ran locked its conversations' rows after the shredding above, or is seen here.
        refuseWhileHeld(actor, patientId, accountId, live);
        List<String> requestIds =
                requests.stream().map(ContactService.AboutPatient::id).toList();
        contacts.forgetRequesters(actor.orgId(), requestIds);
        if (accountId != null) {
            tokens.revokeAll(actor, accountId);
            users.erasePatientAccount(actor.orgId(), accountId);
        }
        patients.erase(actor.orgId(), patientId);
        audit.record(actor.audit(AuditType.PATIENT_ERASED)
                .target("patient", patientId)
                .patient(patientId)
                .detail("reason", reason)
                .detail("account", accountId == null ? "none" : accountId)
                .detail("shredded", String.join(",", shredded))
                .detail("textsErasedIn", String.join(",", shared))
                .detail("contactRequests", String.join(",", requestIds))
                .detail("filesErased", String.join(",", files)));
        return new Result(patientId, shredded, shared, accountId != null);
    }

    /** The patient's conversations not yet purged, their contact requests' threads among them. */
    private List<PatientFootprint.Conversation> live(
            String orgId, String patientId, String accountId, List<ContactService.AboutPatient> requests) {
        List<String> threads = requests.stream()
                .map(ContactService.AboutPatient::conversationId)
                .toList();
        return footprint.conversations(orgId, patientId, accountId, threads).stream()
                .filter(c -> c.purgedAt() == null)
                .toList();
    }

    /**
     * In a conversation shared with other patients: blanks their texts and takes their files out of reach (deleted with
     * their blobs after the commit), and replaces its topic when it is linked to them. Returns the files' ids.
     */
    private List<String> eraseTheirsIn(String orgId, PatientFootprint.Conversation c, String accountId) {
        if (c.linked()) {
            conversations.replaceTopic(orgId, c.id(), ERASED_TOPIC);
        }
        if (accountId == null) {
            return List.of();
        }
        timeline.eraseTextsOf(orgId, c.id(), accountId);
        return attachments.erase(orgId, c.id(), accountId);
    }

    private void shred(CurrentUser actor, String patientId, PatientFootprint.Conversation c) {
        Optional<Long> seq = purge.shred(actor.orgId(), c.id(), c.lastActivityAt(), REASON_ERASURE, () -> {});
        if (seq.isEmpty()) {
            throw ApiProblem.conflict("A message arrived in one of the patient's conversations while erasing; nothing "
                    + "was erased. Try again.");
        }
        audit.record(actor.audit(AuditType.CONVERSATION_PURGED)
                .target("conversation", c.id())
                .conversation(c.id())
                .patient(patientId)
                .detail("reason", REASON_ERASURE)
                .detail("seq", seq.get()));
    }

    private void refuseWhileHeld(
            CurrentUser actor, String patientId, String accountId, List<PatientFootprint.Conversation> live) {
        List<String> ids = live.stream().map(PatientFootprint.Conversation::id).toList();
        List<LegalHold> holds = footprint.holdsOver(actor.orgId(), patientId, accountId, ids);
        if (holds.isEmpty()) {
            return;
        }
        LegalHold hold = holds.getFirst();
        audit.refused(actor.audit(AuditType.PATIENT_ERASED)
                .target("patient", patientId)
                .patient(patientId)
                .detail("reason", "held")
                .detail("hold", hold.id()));
        throw ApiProblem.conflict("The patient cannot be erased: legal hold " + hold.id() + " on " + hold.targetType()
                        + " " + hold.targetId() + ", placed " + Instant.ofEpochMilli(hold.placedAt())
                        + ", covers their data. Release it first (POST /api/v1/retention/holds/release).")
                .audited();
    }
}
