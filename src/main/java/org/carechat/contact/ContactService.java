package org.carechat.contact;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carechat.identity.CurrentUser;
import org.springframework.stereotype.Service;

/**
 * What other features ask of contact requests: the live link tells the staff who may see a request that it changed
 * (so their queue's tabs and counts follow), and no one else.
 */
@Service
public class ContactService {

    /** What a {@code contact_request} frame says: ids and codes only. */
    public record Notice(String requestId, String status, boolean newMessages) {}

    /**
     * Who is told of a change: staff of the organisation, or only {@code teamMembers} (and admins) when the request's
     * reason belongs to a care team.
     */
    public record Audience(String orgId, Notice notice, Set<String> teamMembers) {

        public boolean includes(CurrentUser user) {
            return user.orgId().equals(orgId)
                    && !user.isPatient()
                    && (teamMembers == null || user.isAdmin() || teamMembers.contains(user.userId()));
        }
    }

    /**
     * A contact request about a patient, as their export carries it: who raised it as given (opened), or nulls.
     *
     * @param conversationId the request's thread, whose texts (and SMS) are its timeline
     * @param mobile         the E.164 number SMS to it go to
     */
    public record AboutPatient(
            String id,
            String conversationId,
            String source,
            String status,
            long createdAt,
            String mobile,
            String givenName,
            String familyName,
            String birthDate,
            String mobileAsTyped) {}

    private final ContactRepository requests;
    private final ContactPatientRepository aboutPatients;
    private final ContactSealing sealing;
    private final ContactPolicy policy;

    ContactService(
            ContactRepository requests,
            ContactPatientRepository aboutPatients,
            ContactSealing sealing,
            ContactPolicy policy) {
        this.requests = requests;
        this.aboutPatients = aboutPatients;
        this.sealing = sealing;
        this.policy = policy;
    }

    /**
     * The requests about a patient, oldest first: linked to their record, raised by their account ({@code accountId},
     * null for none) or from their number ({@code mobile}, E.164, null for none).
     */
    public List<AboutPatient> aboutPatient(String orgId, String patientId, String accountId, String mobile) {
        return aboutPatients.about(orgId, patientId, accountId, sealing.mobileIndex(orgId, mobile)).stream()
                .map(this::aboutPatient)
                .toList();
    }

    /**
     * Forgets who raised these requests (a patient's erasure): their given details, number and its fingerprint, and
     * their name's fingerprints, so that no search finds them. Their threads are the caller's to shred.
     */
    public void forgetRequesters(String orgId, Collection<String> requestIds) {
        aboutPatients.forget(orgId, requestIds);
    }

    private AboutPatient aboutPatient(ContactRequest r) {
        GivenDetails given = sealing.details(r);
        return new AboutPatient(
                r.id(),
                r.conversationId(),
                r.source().code(),
                r.status().code(),
                r.createdAt(),
                sealing.mobile(r),
                given == null ? null : given.givenName(),
                given == null ? null : given.familyName(),
                given == null ? null : given.birthDate(),
                given == null ? null : given.mobile());
    }

    /** The request's current state and who may be told of it; empty when it does not exist. */
    public Optional<Audience> audience(String orgId, String requestId) {
        return requests.find(orgId, requestId)
                .map(r ->
                        new Audience(orgId, new Notice(r.id(), r.status().code(), r.newMessages()), policy.teamOf(r)));
    }
}
