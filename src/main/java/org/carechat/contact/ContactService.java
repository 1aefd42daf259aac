package org.carechat.contact;

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

    private final ContactRepository requests;
    private final ContactPolicy policy;

    ContactService(ContactRepository requests, ContactPolicy policy) {
        this.requests = requests;
        this.policy = policy;
    }

    /** The request's current state and who may be told of it; empty when it does not exist. */
    public Optional<Audience> audience(String orgId, String requestId) {
        return requests.find(orgId, requestId)
                .map(r ->
                        new Audience(orgId, new Notice(r.id(), r.status().code(), r.newMessages()), policy.teamOf(r)));
    }
}
