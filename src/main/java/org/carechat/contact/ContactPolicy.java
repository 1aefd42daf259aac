package org.carechat.contact;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.team.CareTeam;
import org.carechat.team.CareTeamService;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * Who may see and work a contact request, decided here and nowhere else.
 *
 * <ul>
 *   <li>Staff of the request's organisation, unless its reason belongs to a care team: then that team's members and
 *       the organisation's admins.
 *   <li>A patient: only their own requests (raised from their account, or linked to their record), to read and answer
 *       in the app; never the queue or another patient's.
 * </ul>
 *
 * Anything else is "not found" (404) whether or not it exists. An attempt on a request of the caller's organisation is
 * audited here, with why; another organisation's id and an unknown one are audited alike by {@code NotFoundRefusals}.
 */
@Component
class ContactPolicy {

    private final ContactRepository requests;
    private final ContactSettingsRepository settings;
    private final CareTeamService teams;
    private final UserService users;
    private final AuditLog audit;

    ContactPolicy(
            ContactRepository requests,
            ContactSettingsRepository settings,
            CareTeamService teams,
            UserService users,
            AuditLog audit) {
        this.requests = requests;
        this.settings = settings;
        this.teams = teams;
        this.users = users;
        this.audit = audit;
    }

    /**
     * The reasons whose requests a staff member may see (requests without a reason they always may): every reason
     * without a team and those of their teams; {@code null} for an admin (all).
     */
    Set<String> allowedReasons(CurrentUser staff) {
        if (staff.isAdmin()) {
            return null;
        }
        Set<String> allowed = new HashSet<>();
        for (ContactReason reason : settings.reasons(staff.orgId())) {
            if (reason.teamId() == null || inTeam(staff, reason.teamId())) {
                allowed.add(reason.id());
            }
        }
        return allowed;
    }

    boolean maySee(CurrentUser actor, ContactRequest r) {
        if (!r.orgId().equals(actor.orgId())) {
            return false;
        }
        if (actor.isPatient()) {
            return actor.userId().equals(r.requesterId())
                    || r.patientId() != null && r.patientId().equals(recordOf(actor));
        }
        if (actor.isAdmin() || r.reasonId() == null) {
            return true;
        }
        return settings.reasons(actor.orgId()).stream()
                .filter(reason -> reason.id().equals(r.reasonId()))
                .findFirst()
                .map(reason -> reason.teamId() == null || inTeam(actor, reason.teamId()))
                .orElse(true);
    }

    /**
     * The request, when the caller may see it.
     *
     * @param attempted what was attempted, for the audit row of a refusal
     * @throws ApiProblem 404 otherwise (audited when it exists)
     */
    ContactRequest requireVisible(CurrentUser actor, String requestId, AuditType attempted) {
        Optional<ContactRequest> found = requests.find(actor.orgId(), requestId);
        if (found.isPresent() && maySee(actor, found.get())) {
            return found.get();
        }
        ApiProblem notFound = ApiProblem.notFound("Contact request " + requestId);
        if (found.isEmpty()) {
            throw notFound; // audited alike for another organisation's id and an unknown one (NotFoundRefusals)
        }
        ContactRequest r = found.get();
        audit.refused(actor.audit(attempted)
                .target("contact_request", r.id())
                .conversation(r.conversationId())
                .patient(r.patientId())
                .detail("reason", actor.isPatient() ? "not_their_request" : "not_in_team"));
        throw notFound.audited();
    }

    /** As {@link #requireVisible}, for staff only: a patient is refused (403, audited). */
    ContactRequest requireStaffVisible(CurrentUser actor, String requestId, AuditType attempted) {
        requireStaff(actor, attempted);
        return requireVisible(actor, requestId, attempted);
    }

    void requireStaff(CurrentUser actor, AuditType attempted) {
        if (actor.isPatient()) {
            audit.refused(actor.audit(attempted).detail("reason", "patient"));
            throw ApiProblem.forbidden("Only the practice's staff can do this");
        }
    }

    /** Whether {@code user} (of the request's organisation) may be given the request to work. */
    boolean mayBeAssigned(User user, ContactRequest r) {
        if (!user.orgId().equals(r.orgId()) || user.isPatient() || user.disabled()) {
            return false;
        }
        if (user.role() == org.carechat.identity.Role.ADMIN || r.reasonId() == null) {
            return true;
        }
        return settings.reasons(r.orgId()).stream()
                .filter(reason -> reason.id().equals(r.reasonId()))
                .findFirst()
                .map(reason -> reason.teamId() == null
                        || teams.find(r.orgId(), reason.teamId())
                                .map(CareTeam::memberIds)
                                .orElse(List.of())
                                .contains(user.id()))
                .orElse(true);
    }

    /** The members of the care team that owns the request's reason, or null when every staff member may see it. */
    Set<String> teamOf(ContactRequest r) {
        if (r.reasonId() == null) {
            return null;
        }
        return settings.reasons(r.orgId()).stream()
                .filter(reason -> reason.id().equals(r.reasonId()) && reason.teamId() != null)
                .findFirst()
                .map(reason -> Set.copyOf(teams.find(r.orgId(), reason.teamId())
                        .map(CareTeam::memberIds)
                        .orElse(List.of())))
                .orElse(null);
    }

    /** The patient record of a patient's account. */
    String recordOf(CurrentUser patient) {
        return users.find(patient.orgId(), patient.userId())
                .map(User::patientId)
                .orElse(null);
    }

    private boolean inTeam(CurrentUser staff, String teamId) {
        return teams.find(staff.orgId(), teamId)
                .map(CareTeam::memberIds)
                .orElse(List.of())
                .contains(staff.userId());
    }
}
