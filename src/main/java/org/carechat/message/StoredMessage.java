package org.carechat.message;

/** A timeline row as stored: the body still encrypted. */
record StoredMessage(
        String id,
        String orgId,
        String conversationId,
        long seq,
        String senderId,
        String clientMsgId,
        String kind,
        byte[] body,
        String meta,
        long createdAt,
        Long deletedAt) {}
