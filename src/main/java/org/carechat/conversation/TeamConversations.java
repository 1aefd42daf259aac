package org.carechat.conversation;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carechat.identity.CurrentUser;
import org.carechat.team.CareTeam;
import org.carechat.team.CareTeamService;
import org.carechat.team.TeamMembershipChanged;
import org.carechat.web.ApiProblem;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the memberships of care-team conversations in step with the teams (docs/security.md §Authorisation): a
 * conversation's team members are members through it ({@code via_team}) while they are in the team. Runs inside the
 * transaction of the change that causes it, so both commit together or not at all.
 */
@Component
class TeamConversations {

    private static final int MAX_MEMBERS = ConversationService.MAX_MEMBERS;

    private final ConversationRepository repository;
    private final ConversationPolicy policy;
    private final CareTeamService teams;
    private final Memberships memberships;

    TeamConversations(
            ConversationRepository repository,
            ConversationPolicy policy,
            CareTeamService teams,
            Memberships memberships) {
        this.repository = repository;
        this.policy = policy;
        this.teams = teams;
        this.memberships = memberships;
    }

    /**
     * The members a new conversation gets from its care team, besides those named: checked for the caller's right to
     * give the team a conversation.
     */
    Set<String> membersFromTeam(CurrentUser actor, String teamId, Conversation.Kind kind) {
        if (kind == Conversation.Kind.DIRECT) {
            throw ApiProblem.badRequest("A direct conversation cannot belong to a care team; start a group");
        }
        return new java.util.LinkedHashSet<>(policy.requireCanAssign(actor, teams.require(actor.orgId(), teamId))
                .memberIds());
    }

    /** Moves a conversation to another care team (or none): the old team's members leave, the new team's join. */
    void changeTeam(CurrentUser actor, Conversation c, String newTeamId) {
        if (newTeamId != null && c.kind() == Conversation.Kind.DIRECT) {
            throw ApiProblem.badRequest("A direct conversation cannot belong to a care team; start a group");
        }
        CareTeam newTeam =
                newTeamId == null ? null : policy.requireCanAssign(actor, teams.require(c.orgId(), newTeamId));
        List<Member> members = repository.members(c.orgId(), c.id());
        for (Member m : members) {
            if (m.viaTeam() && (newTeam == null || !newTeam.memberIds().contains(m.userId()))) {
                memberships.leave(actor, c, m.userId(), "care_team");
            }
        }
        if (newTeam != null) {
            Set<String> present = new HashSet<>();
            members.forEach(m -> present.add(m.userId()));
            List<String> joining = newTeam.memberIds().stream()
                    .filter(id -> !present.contains(id))
                    .toList();
            if (members.size() + joining.size() > MAX_MEMBERS) {
                throw ApiProblem.badRequest("With the care team's members this conversation would have more than "
                        + MAX_MEMBERS + " members");
            }
            joining.forEach(id -> memberships.join(actor, c, id, Member.Role.MEMBER, true));
        }
    }

    /**
     * A staff member joined or left a care team: they join (through the team) or leave each of the team's
     * conversations, in the transaction of the team change. Members added in person stay.
     */
    @EventListener
    void onTeamMembershipChanged(TeamMembershipChanged change) {
        CurrentUser actor = change.actor();
        for (String conversationId : repository.conversationsOfTeam(actor.orgId(), change.teamId())) {
            Conversation c = repository.find(actor.orgId(), conversationId).orElseThrow();
            Optional<Member> member = repository.findMember(actor.orgId(), conversationId, change.userId());
            if (change.joined() && member.isEmpty()) {
                if (repository.members(actor.orgId(), conversationId).size() >= MAX_MEMBERS) {
                    throw ApiProblem.badRequest("A conversation of this care team already has " + MAX_MEMBERS
                            + " members; nothing was changed");
                }
                memberships.join(actor, c, change.userId(), Member.Role.MEMBER, true);
            } else if (!change.joined() && member.isPresent() && member.get().viaTeam()) {
                memberships.leave(actor, c, change.userId(), "care_team");
            }
        }
    }
}
