package org.carechat.timeline;

/**
 * A timeline row as stored: the text still encrypted, meta as JSON.
 *
 * @param copyOf what a text is a copy of, or {@code null}
 */
record StoredEntry(
        String id,
        String orgId,
        String conversationId,
        long seq,
        String senderId,
        String clientMsgId,
        EntryKind kind,
        byte[] body,
        String meta,
        long createdAt,
        Long deletedAt,
        CopyOf copyOf) {}
