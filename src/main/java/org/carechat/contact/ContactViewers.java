package org.carechat.contact;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.carechat.identity.CurrentUser;
import org.carechat.sync.ConversationViewers;
import org.carechat.timeline.Timeline;
import org.carechat.timeline.TimelineEntry;
import org.springframework.stereotype.Component;

/**
 * A request's thread has no members: it is followed live (resume, the {@code watch} frame) by whoever may see the
 * request ({@link ContactPolicy}) — the staff who may work it, and its own patient.
 */
@Component
class ContactViewers implements ConversationViewers {

    private final ContactRepository requests;
    private final ContactPolicy policy;
    private final Timeline timeline;

    ContactViewers(ContactRepository requests, ContactPolicy policy, Timeline timeline) {
        this.requests = requests;
        this.policy = policy;
        this.timeline = timeline;
    }

    @Override
    public Map<String, Viewable> viewable(CurrentUser viewer, Collection<String> conversationIds) {
        Map<String, Viewable> allowed = new HashMap<>();
        for (ContactRequest r : requests.findByConversations(viewer.orgId(), conversationIds)) {
            if (policy.maySee(viewer, r)) {
                long newest = timeline.before(r.orgId(), r.conversationId(), Long.MAX_VALUE, 1).stream()
                        .mapToLong(TimelineEntry::seq)
                        .max()
                        .orElse(0);
                allowed.put(r.conversationId(), new Viewable(newest, r.patientId()));
            }
        }
        return allowed;
    }
}
