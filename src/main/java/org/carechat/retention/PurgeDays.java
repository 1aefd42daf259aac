package org.carechat.retention;

import java.time.Instant;
import java.util.Optional;
import org.carechat.crypto.RetentionBuckets;
import org.springframework.stereotype.Component;

/**
 * Tells crypto under which retention key a conversation's data keys belong: the UTC day its policy says it is due to
 * be purged, or the hold key ({@link PurgeDates}).
 */
@Component
class PurgeDays implements RetentionBuckets {

    private final ConversationFacts facts;
    private final RetentionPolicies policies;

    PurgeDays(ConversationFacts facts, RetentionPolicies policies) {
        this.facts = facts;
        this.policies = policies;
    }

    @Override
    public String bucketOf(String orgId, String conversationId, long activityAt) {
        return PurgeDates.bucket(dueAt(orgId, conversationId, activityAt));
    }

    /** When the conversation is due, as if active at {@code activityAt}; empty while held. */
    Optional<Instant> dueAt(String orgId, String conversationId, long activityAt) {
        PurgeDates.Facts known = facts.of(orgId, conversationId)
                .orElseThrow(() -> new IllegalStateException("no such conversation to place under a retention key"));
        PurgeDates.Facts now = new PurgeDates.Facts(
                known.audience(),
                Math.max(known.lastActivityAt(), activityAt),
                known.override(),
                known.dischargedAt(),
                known.held());
        return PurgeDates.dueAt(now, policies.find(orgId));
    }
}
