package org.carechat.crypto;

/**
 * Says under which retention key a conversation's data keys belong (docs/decisions.md, issue #16): the UTC day it is
 * due to be purged ({@code 2027-03-14}) or {@link RetentionKeyFile#HOLD}. Implemented by the retention feature, which
 * knows the policies, holds and discharges; crypto only wraps where it is told.
 */
public interface RetentionBuckets {

    /**
     * The bucket of the conversation from what the database says now, as if its last activity were no earlier than
     * {@code activityAt} (a message being sent: its activity is now, before the row says so). Call inside the unit of
     * work that writes the keyset.
     */
    String bucketOf(String orgId, String conversationId, long activityAt);
}
