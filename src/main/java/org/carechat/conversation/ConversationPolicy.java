package org.carechat.conversation;

import java.util.Optional;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.team.CareTeam;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * Who may do what in a conversation: the one place these rules live. Reading and writing need membership (a
 * non-member is told the conversation does not exist); a 1-way conversation is read-only for everyone but its
 * owners; only owners manage members and settings; a message may be deleted by its sender or an owner; a
 * conversation is given to a care team only by a member of the team or an admin, and the team's members are members
 * of it while they are in the team; likewise the staff the patient's care team in the EHR names are members of the
 * patient's group conversations while it names them ({@link #recordCareTeamGrant}).
 * Organisation isolation comes first and is structural: every lookup is made within the caller's organisation.
 *
 * <p>Patients: a patient's account may be a member of a patient or mixed conversation, never of a staff-only one,
 * and never an owner (so a 1-way conversation is read-only for them, and they manage nothing). What a patient is
 * shown of the others is decided by {@link #privacyFor}: other patients are never named, receipts come only from
 * staff.
 */
@Component
public class ConversationPolicy {

    private final AuditLog audit;
    private final UserService users;

    ConversationPolicy(AuditLog audit, UserService users) {
        this.audit = audit;
        this.users = users;
    }

    /** The privacy rules for what {@code viewer} is shown of other people (nothing hidden from staff). */
    public Privacy privacyFor(CurrentUser viewer) {
        if (!viewer.isPatient()) {
            return Privacy.STAFF;
        }
        String ownRecord =
                users.find(viewer.orgId(), viewer.userId()).map(User::patientId).orElse(null);
        return new Privacy(viewer.userId(), ownRecord, id -> users.isPatientAccount(viewer.orgId(), id));
    }

    /**
     * @throws ApiProblem 400 when a patient's account would join a staff-only conversation or become an owner
     */
    void requirePatientMembership(Conversation.Audience audience, User user, boolean owner) {
        if (!user.isPatient()) {
            return;
        }
        if (audience == Conversation.Audience.STAFF) {
            throw ApiProblem.badRequest(
                    "A staff-only conversation cannot have patients; make it a patient or mixed " + "conversation");
        }
        if (owner) {
            throw ApiProblem.badRequest("A patient cannot own a conversation; only staff can be owners");
        }
    }

    /**
     * Access from the record: whether the patient's care team in the EHR makes {@code user} a member of {@code c},
     * a conversation linked to that patient. Only an active staff account, and only a group conversation that is not
     * purged (a direct conversation is between exactly two people). The grant carries the rule that allowed it, for
     * the audit row of the membership it makes.
     *
     * @param rule how the EHR names the user, e.g. {@code CareTeam/ct1 participant Practitioner/p1 (email)}, or
     *     {@code Encounter/e1 participant …} for a participant of an in-progress Encounter (rule {@code ehr_encounter})
     * @return the rule, or empty when the record's care team gives {@code user} nothing here
     */
    public Optional<String> recordCareTeamGrant(Conversation c, User user, String rule) {
        if (user.isPatient() || user.disabled() || c.kind() != Conversation.Kind.GROUP || c.purgedAt() != null) {
            return Optional.empty();
        }
        return Optional.of((rule.startsWith("Encounter/") ? "ehr_encounter: " : "ehr_care_team: ") + rule);
    }

    /** The refusal for a conversation the caller may not see, indistinguishable from one that does not exist. */
    public static ApiProblem notVisible(String conversationId) {
        return ApiProblem.notFound("Conversation " + conversationId);
    }

    /** @throws ApiProblem 403 (audited) when the conversation is 1-way and the caller is not an owner */
    public void requireCanWrite(CurrentUser actor, Access access) {
        if (!access.conversation().acceptResponses() && !access.member().isOwner()) {
            refuse(
                    actor,
                    access,
                    AuditType.MESSAGE_SENT,
                    "one_way",
                    "This conversation does not accept responses " + "(1-way); only its owners can write in it");
        }
    }

    /** @param attempted the change refused, as its audit type */
    void requireCanManage(CurrentUser actor, Access access, AuditType attempted) {
        if (!access.member().isOwner()) {
            refuse(
                    actor,
                    access,
                    attempted,
                    "not_owner",
                    "Only an owner of this conversation can change its members or settings");
        }
    }

    /** @param senderId who sent the message to be deleted */
    public void requireCanDelete(CurrentUser actor, Access access, String senderId) {
        if (!actor.userId().equals(senderId) && !access.member().isOwner()) {
            refuse(
                    actor,
                    access,
                    AuditType.MESSAGE_DELETED,
                    "not_sender_or_owner",
                    "Only the sender or an owner of the conversation can delete a message");
        }
    }

    /**
     * A conversation is given to a care team by one of its members or an admin: otherwise anyone could make a team's
     * staff see a conversation, or see who is in a team they do not belong to.
     *
     * @return {@code team}, for chaining
     * @throws ApiProblem 403 (audited) for anyone else
     */
    public CareTeam requireCanAssign(CurrentUser actor, CareTeam team) {
        if (!actor.isAdmin() && !team.memberIds().contains(actor.userId())) {
            audit.refused(actor.audit(AuditType.CONVERSATION_UPDATED)
                    .target("care_team", team.id())
                    .detail("reason", "not_in_team"));
            throw ApiProblem.forbidden("Only a member of the care team, or an admin, can give it a conversation");
        }
        return team;
    }

    private void refuse(CurrentUser actor, Access access, AuditType attempted, String reason, String refusal) {
        audit.refused(actor.audit(attempted)
                .target("conversation", access.conversation().id())
                .conversation(access.conversation().id())
                .patient(access.conversation().patientId())
                .detail("reason", reason));
        throw ApiProblem.forbidden(refusal);
    }

    /**
     * What the caller has in one conversation: the conversation and their membership ({@code null} inside the
     * repository's lookup when they are not a member; never {@code null} once handed out by the service).
     */
    public record Access(Conversation conversation, Member member) {}

    /**
     * What an acknowledgement needs to know of the conversation it names (issue #20): its linked patient (for the
     * audit row) and a newest seq — the conversation's, or a lower bound of it known to this node.
     */
    public record Acknowledgeable(String patientId, long newestSeq) {}

    /**
     * What a send needs to know of the conversation it goes to (issue #20): its linked patient (for the audit row),
     * whether it is a direct conversation, and whether the answer came from this node's memory — then the send's own
     * transaction must confirm it ({@link ConversationService#advanceSenderMarkers}).
     */
    public record Writable(String patientId, boolean direct, boolean fromMemory) {}

    /**
     * A send let through from memory found, in its own transaction, that the sender may not write there (any more):
     * the send's unit is rolled back and the send checked against the database, which gives the real refusal.
     */
    public static final class StaleAccess extends RuntimeException {

        StaleAccess() {
            super("the memory's answer to a send's access check is out of date", null, false, false);
        }
    }
}
