package org.carechat.cluster;

/**
 * A doorbell ring: a hint that something changed, telling listeners where to look. Timeline entries are always
 * read from the database (a lost ring costs latency, never data, because a reconnecting client resumes from its
 * cursors); a ring never carries message content.
 */
public sealed interface Ring {

    String orgId();

    String conversationId();

    /**
     * The conversation's timeline grew: entries up to {@code seq} are committed. {@code membersChanged}: someone
     * may have joined, so current members' sockets are looked up, not only those already watching.
     */
    record TimelineMoved(String orgId, String conversationId, long seq, boolean membersChanged) implements Ring {}

    /**
     * A member's read or delivered marker moved: receipts changed. Carries the committed values (markers are state
     * that only grows; a ring handled late shows a lower value, which clients ignore by keeping the highest).
     */
    record MarkersMoved(String orgId, String conversationId, String userId, long readSeq, long deliveredSeq)
            implements Ring {}

    /** A member is typing: ephemeral, never stored. */
    record Typing(String orgId, String conversationId, String userId) implements Ring {}
}
