package org.carechat.message;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class MessageRepository {

    private static final String COLUMNS =
            "id, org_id, conversation_id, seq, sender_id, client_msg_id, kind, body, " + "meta, created_at, deleted_at";
    private static final String M_COLUMNS = "m.id, m.org_id, m.conversation_id, m.seq, m.sender_id, "
            + "m.client_msg_id, m.kind, m.body, m.meta, m.created_at, m.deleted_at";

    private final JdbcClient jdbc;

    MessageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts a text message unless the sender already sent one with the same client message id.
     *
     * @return false for such a retry (nothing inserted)
     */
    boolean insertUnlessRetry(StoredMessage m) {
        return jdbc.sql("INSERT INTO message (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                + "ON CONFLICT (conversation_id, sender_id, client_msg_id) DO NOTHING")
                        .params(
                                m.id(),
                                m.orgId(),
                                m.conversationId(),
                                m.seq(),
                                m.senderId(),
                                m.clientMsgId(),
                                m.kind(),
                                m.body(),
                                m.meta(),
                                m.createdAt(),
                                m.deletedAt())
                        .update()
                == 1;
    }

    void insert(StoredMessage m) {
        jdbc.sql("INSERT INTO message (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        m.id(),
                        m.orgId(),
                        m.conversationId(),
                        m.seq(),
                        m.senderId(),
                        m.clientMsgId(),
                        m.kind(),
                        m.body(),
                        m.meta(),
                        m.createdAt(),
                        m.deletedAt())
                .update();
    }

    Optional<StoredMessage> findByClientId(String orgId, String conversationId, String senderId, String clientMsgId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE org_id = ? AND conversation_id = ? "
                        + "AND sender_id = ? AND client_msg_id = ?")
                .params(orgId, conversationId, senderId, clientMsgId)
                .query(StoredMessage.class)
                .optional();
    }

    Optional<StoredMessage> findBySeq(String orgId, String conversationId, long seq) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE org_id = ? AND conversation_id = ? AND seq = ?")
                .params(orgId, conversationId, seq)
                .query(StoredMessage.class)
                .optional();
    }

    /** Entries with {@code seq > after}, oldest first. */
    List<StoredMessage> after(String orgId, String conversationId, long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE org_id = ? AND conversation_id = ? AND seq > ? "
                        + "ORDER BY seq LIMIT ?")
                .params(orgId, conversationId, after, limit)
                .query(StoredMessage.class)
                .list();
    }

    /** The {@code limit} entries just below {@code before}, returned oldest first. */
    List<StoredMessage> before(String orgId, String conversationId, long before, int limit) {
        List<StoredMessage> newestFirst = jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE org_id = ? "
                        + "AND conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?")
                .params(orgId, conversationId, before, limit)
                .query(StoredMessage.class)
                .list();
        return newestFirst.reversed();
    }

    int markDeleted(String orgId, String conversationId, long seq, String deletedBy, long now) {
        return jdbc.sql("UPDATE message SET deleted_at = ?, deleted_by = ? WHERE org_id = ? AND conversation_id = ? "
                        + "AND seq = ? AND deleted_at IS NULL")
                .params(now, deletedBy, orgId, conversationId, seq)
                .update();
    }

    /**
     * Per conversation of the member {@code userId}: visible text messages, and how many of them are unread (after
     * the member's read marker and not sent by them). Joins the member table for the marker: a read-only use of
     * the conversation feature's table (docs/database.md).
     */
    Map<String, MessageCounts> counts(String orgId, String userId) {
        return jdbc
                .sql("SELECT m.conversation_id, COUNT(*) AS total, "
                        + "SUM(CASE WHEN m.seq > cm.read_seq AND m.sender_id <> :user THEN 1 ELSE 0 END) AS unread "
                        + "FROM message m JOIN conversation_member cm "
                        + "ON cm.conversation_id = m.conversation_id AND cm.user_id = :user "
                        + "WHERE m.org_id = :org AND m.kind = 'text' AND m.deleted_at IS NULL "
                        + "GROUP BY m.conversation_id")
                .param("user", userId)
                .param("org", orgId)
                .query((rs, n) ->
                        Map.entry(rs.getString(1), new MessageCounts(rs.getLong("total"), rs.getLong("unread"))))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The newest visible text message of each conversation of the member {@code userId}. */
    List<StoredMessage> lastTexts(String orgId, String userId) {
        return jdbc.sql("SELECT " + M_COLUMNS
                        + " FROM message m JOIN (SELECT x.conversation_id AS cid, MAX(x.seq) AS mseq FROM message x "
                        + "JOIN conversation_member cm ON cm.conversation_id = x.conversation_id AND cm.user_id = :user "
                        + "WHERE x.org_id = :org AND x.kind = 'text' AND x.deleted_at IS NULL GROUP BY x.conversation_id)"
                        + " last ON last.cid = m.conversation_id AND last.mseq = m.seq")
                .param("user", userId)
                .param("org", orgId)
                .query(StoredMessage.class)
                .list();
    }

    java.util.OptionalLong createdAt(String conversationId, long seq) {
        return jdbc.sql("SELECT created_at FROM message WHERE conversation_id = ? AND seq = ?")
                .params(conversationId, seq)
                .query(Long.class)
                .optional()
                .map(java.util.OptionalLong::of)
                .orElse(java.util.OptionalLong.empty());
    }
}
