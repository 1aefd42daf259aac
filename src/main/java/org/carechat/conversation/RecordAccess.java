package org.carechat.conversation;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.springframework.stereotype.Service;

/**
 * Access from the record: the staff the patient's care team in the EHR names are members of the patient's group
 * conversations ({@code via_record}) while it names them, as {@link ConversationPolicy#recordCareTeamGrant} decides.
 * {@link #apply} brings one patient's conversations in step with the care team: those newly named join (their open
 * sockets start receiving), those no longer named leave (their open sockets get a {@code reset} and nothing more);
 * a member added in person, or through a CareChat care team, is never removed by it. Every change is a timeline entry
 * by the organisation's automatic sender and an audit row with the rule that allowed or ended it.
 */
@Service
public class RecordAccess {

    /** The rule an audit row of a removal names. */
    static final String NOT_NAMED =
            "ehr_care_team: no active CareTeam or in-progress Encounter of the patient names them";

    private final ConversationRepository repository;
    private final ConversationPolicy policy;
    private final Memberships memberships;
    private final UserService users;

    RecordAccess(
            ConversationRepository repository, ConversationPolicy policy, Memberships memberships, UserService users) {
        this.repository = repository;
        this.policy = policy;
        this.memberships = memberships;
        this.users = users;
    }

    /**
     * One staff member the record's care team names, and how.
     *
     * @param rule the CareTeam, the participant and how the practitioner was matched to the account
     */
    public record Grant(String userId, String rule) {}

    /**
     * Brings the conversations linked to {@code patientId} in step with {@code grants} (the patient's whole care team
     * in the EHR; empty revokes every grant). Call in a write transaction.
     *
     * @return how many memberships it added and removed, as {@code [added, removed]}
     */
    public int[] apply(String orgId, String patientId, List<Grant> grants) {
        Map<String, String> ruleOf = new LinkedHashMap<>();
        grants.forEach(g -> ruleOf.putIfAbsent(g.userId(), g.rule()));
        Map<String, User> accounts = users.findAll(orgId, ruleOf.keySet());
        String system = null;
        int added = 0;
        int removed = 0;
        for (Conversation c : repository.findLinkedToPatient(orgId, patientId)) {
            Set<String> named = new HashSet<>();
            Set<String> present = new HashSet<>();
            repository.members(orgId, c.id()).forEach(m -> present.add(m.userId()));
            for (Map.Entry<String, String> each : ruleOf.entrySet()) {
                User user = accounts.get(each.getKey());
                Optional<String> grant =
                        user == null ? Optional.empty() : policy.recordCareTeamGrant(c, user, each.getValue());
                if (grant.isEmpty()) {
                    continue;
                }
                named.add(user.id());
                if (!present.contains(user.id()) && present.size() < ConversationService.MAX_MEMBERS) {
                    system = system == null ? users.automaticSender(orgId).id() : system;
                    memberships.joinFromRecord(c, user.id(), grant.get(), system);
                    present.add(user.id());
                    added++;
                }
            }
            for (String userId : repository.membersFromRecord(orgId, c.id())) {
                if (!named.contains(userId)) {
                    system = system == null ? users.automaticSender(orgId).id() : system;
                    memberships.leaveFromRecord(c, userId, NOT_NAMED, system);
                    removed++;
                }
            }
        }
        return new int[] {added, removed};
    }
}
