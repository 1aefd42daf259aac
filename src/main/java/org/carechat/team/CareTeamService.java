package org.carechat.team;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Care teams of an organisation (docs/security.md §Authorisation). Admins make teams and change who is in them;
 * every staff member can list them (to pick one for a conversation). Joining or leaving a team is published as a
 * {@link TeamMembershipChanged} inside the same transaction, so the team's conversations gain or lose the member
 * with it — all or nothing.
 */
@Service
public class CareTeamService {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_MEMBERS = 200;

    private final CareTeamRepository repository;
    private final UserService users;
    private final RolePolicy roles;
    private final AuditLog audit;
    private final Transactions transactions;
    private final ApplicationEventPublisher events;
    private final Ids ids;
    private final Clock clock;

    CareTeamService(
            CareTeamRepository repository,
            UserService users,
            RolePolicy roles,
            AuditLog audit,
            Transactions transactions,
            ApplicationEventPublisher events,
            Ids ids,
            Clock clock) {
        this.repository = repository;
        this.users = users;
        this.roles = roles;
        this.audit = audit;
        this.transactions = transactions;
        this.events = events;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * An admin makes a team with its first members.
     *
     * @throws ApiProblem 403 for a non-admin; 400 for a blank or long name, unknown or disabled staff; 409 when the
     *                    organisation has a team of that name
     */
    public CareTeam create(CurrentUser actor, String name, List<String> memberIds) {
        roles.requireAdmin(actor, AuditType.TEAM_CREATED, "Only an organisation admin can make care teams");
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw ApiProblem.badRequest("A care team's name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        Set<String> members = new LinkedHashSet<>(memberIds == null ? List.of() : memberIds);
        if (members.size() > MAX_MEMBERS) {
            throw ApiProblem.badRequest("A care team has at most " + MAX_MEMBERS + " members");
        }
        requireActiveStaff(actor, members);
        return transactions.write(() -> {
            if (repository.nameTaken(actor.orgId(), trimmed)) {
                throw ApiProblem.conflict("Your organisation already has a care team named '" + trimmed + "'");
            }
            String id = ids.next();
            long now = clock.millis();
            repository.insert(id, actor.orgId(), trimmed, now);
            members.forEach(userId -> repository.addMember(actor.orgId(), id, userId, now));
            audit.record(
                    actor.audit(AuditType.TEAM_CREATED).target("care_team", id).detail("members", members.size()));
            return repository.find(actor.orgId(), id).orElseThrow();
        });
    }

    /** The teams of the caller's organisation, by name. */
    public List<CareTeam> list(CurrentUser actor) {
        return repository.list(actor.orgId());
    }

    /** @throws ApiProblem 404 when the organisation has no such team */
    public CareTeam require(String orgId, String teamId) {
        return find(orgId, teamId).orElseThrow(() -> notFound(teamId));
    }

    public Optional<CareTeam> find(String orgId, String teamId) {
        return teamId == null ? Optional.empty() : repository.find(orgId, teamId);
    }

    /**
     * An admin adds a staff member to a team; they join the team's conversations in the same transaction. Adding
     * someone already there changes nothing.
     */
    public CareTeam addMember(CurrentUser actor, String teamId, String userId) {
        roles.requireAdmin(actor, AuditType.TEAM_MEMBER_ADDED, "Only an organisation admin can change a care team");
        requireActiveStaff(actor, Set.of(userId));
        return transactions.write(() -> {
            CareTeam team = require(actor.orgId(), teamId);
            if (team.memberIds().size() >= MAX_MEMBERS && !team.memberIds().contains(userId)) {
                throw ApiProblem.badRequest("A care team has at most " + MAX_MEMBERS + " members");
            }
            if (repository.addMember(actor.orgId(), teamId, userId, clock.millis())) {
                audit.record(actor.audit(AuditType.TEAM_MEMBER_ADDED)
                        .target("care_team", teamId)
                        .detail("user", userId));
                events.publishEvent(new TeamMembershipChanged(actor, teamId, userId, true));
            }
            return require(actor.orgId(), teamId);
        });
    }

    /** An admin removes a staff member from a team; they leave the conversations they were in because of it. */
    public CareTeam removeMember(CurrentUser actor, String teamId, String userId) {
        roles.requireAdmin(actor, AuditType.TEAM_MEMBER_REMOVED, "Only an organisation admin can change a care team");
        return transactions.write(() -> {
            require(actor.orgId(), teamId);
            if (!repository.removeMember(actor.orgId(), teamId, userId)) {
                throw ApiProblem.notFound("Member " + userId + " of this care team");
            }
            audit.record(actor.audit(AuditType.TEAM_MEMBER_REMOVED)
                    .target("care_team", teamId)
                    .detail("user", userId));
            events.publishEvent(new TeamMembershipChanged(actor, teamId, userId, false));
            return require(actor.orgId(), teamId);
        });
    }

    private void requireActiveStaff(CurrentUser actor, Set<String> userIds) {
        Map<String, User> found = users.findAll(actor.orgId(), userIds);
        // A patient's account is never a team member: team members see the team's conversations, staff-only ones too.
        List<String> unknown = userIds.stream()
                .filter(id -> !found.containsKey(id)
                        || found.get(id).disabled()
                        || found.get(id).isPatient())
                .toList();
        if (!unknown.isEmpty()) {
            String first = unknown.getFirst();
            audit.refused(actor.audit(AuditType.ACCESS_DENIED)
                    .target("user", first.length() <= 80 ? first : first.substring(0, 80) + "…")
                    .detail("reason", "not_found")
                    .detail("unknownIds", unknown.size()));
            throw ApiProblem.badRequest("No active staff member in your organisation has the id(s) " + unknown);
        }
    }

    private static ApiProblem notFound(String teamId) {
        return ApiProblem.notFound("Care team " + teamId);
    }
}
