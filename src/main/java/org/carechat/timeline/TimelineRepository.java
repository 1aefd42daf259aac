package org.carechat.timeline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code message} table (every entry of every timeline) and the conversation's {@code last_seq}, the counter its
 * seqs come from. Only {@link Timeline} allocates seqs and inserts entries (an ArchUnit rule keeps it so).
 */
@Repository
class TimelineRepository {

    private static final String COLUMNS = "id, org_id, conversation_id, seq, sender_id, client_msg_id, kind, body, "
            + "meta, created_at, deleted_at, copy_of, copy_reason";
    private static final String M_COLUMNS = "m.id, m.org_id, m.conversation_id, m.seq, m.sender_id, "
            + "m.client_msg_id, m.kind, m.body, m.meta, m.created_at, m.deleted_at, m.copy_of, m.copy_reason";
    private static final String INSERT =
            "INSERT INTO message (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + "?, ?, ?)";
    private static final RowMapper<StoredEntry> ENTRY = TimelineRepository::entry;

    private final JdbcClient jdbc;

    TimelineRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the next seq of a conversation. On PostgreSQL the UPDATE holds the conversation's row lock until commit,
     * so seqs of one conversation commit in order, and a rollback gives the number back: no gaps. On SQLite the
     * single writer gives the same guarantees.
     */
    long nextSeq(String orgId, String conversationId, long now) {
        return jdbc.sql("UPDATE conversation SET last_seq = last_seq + 1, last_activity_at = ? "
                        + "WHERE org_id = ? AND id = ? RETURNING last_seq")
                .params(now, orgId, conversationId)
                .query(Long.class)
                .single();
    }

    /**
     * As {@link #nextSeq}, for a text: empty when the conversation was purged or its patient discharged (it takes no
     * new texts). Both mark the conversation's row, so a text either commits before them or is refused.
     */
    Optional<Long> nextSeqForText(String orgId, String conversationId, long now) {
        return jdbc.sql(
                        "UPDATE conversation SET last_seq = last_seq + 1, last_activity_at = ? "
                                + "WHERE org_id = ? AND id = ? AND purged_at IS NULL AND discharged_at IS NULL RETURNING last_seq")
                .params(now, orgId, conversationId)
                .query(Long.class)
                .optional();
    }

    /**
     * Marks the conversation purged, if it is not yet and its last activity is still {@code lastActivityAt} (nothing
     * was appended since the purge decided it was due); takes the conversation's row lock until commit. Its topic, an
     * identifying field, goes with it.
     *
     * @return whether it was marked
     */
    boolean markPurged(String orgId, String conversationId, long lastActivityAt, long now) {
        return jdbc.sql("UPDATE conversation SET purged_at = ?, sealed_topic = NULL WHERE org_id = ? AND id = ? "
                                + "AND purged_at IS NULL AND last_activity_at = ?")
                        .params(now, orgId, conversationId, lastActivityAt)
                        .update()
                == 1;
    }

    /** Blanks the texts of a purged conversation: their ciphertexts leave the live database, the rows stay as deleted. */
    int blankTexts(String orgId, String conversationId, long now) {
        return jdbc.sql("UPDATE message SET body = NULL, deleted_at = COALESCE(deleted_at, ?) "
                        + "WHERE org_id = ? AND conversation_id = ? AND body IS NOT NULL")
                .params(now, orgId, conversationId)
                .update();
    }

    /** Blanks one sender's texts in a conversation (a patient's erasure): their ciphertexts leave the live database. */
    int blankTextsOf(String orgId, String conversationId, String senderId, long now) {
        return jdbc.sql("UPDATE message SET body = NULL, deleted_at = COALESCE(deleted_at, ?) "
                        + "WHERE org_id = ? AND conversation_id = ? AND sender_id = ? AND body IS NOT NULL")
                .params(now, orgId, conversationId, senderId)
                .update();
    }

    /**
     * Inserts a text unless its sender already sent one with the same client message id.
     *
     * @return false for such a retry (nothing inserted)
     */
    boolean insertUnlessRetry(StoredEntry e) {
        return jdbc.sql(INSERT + " ON CONFLICT (conversation_id, sender_id, client_msg_id) DO NOTHING")
                        .params(values(e))
                        .update()
                == 1;
    }

    void insert(StoredEntry e) {
        jdbc.sql(INSERT).params(values(e)).update();
    }

    private static Object[] values(StoredEntry e) {
        return new Object[] {
            e.id(),
            e.orgId(),
            e.conversationId(),
            e.seq(),
            e.senderId(),
            e.clientMsgId(),
            e.kind().code(),
            e.body(),
            e.meta(),
            e.createdAt(),
            e.deletedAt(),
            e.copyOf() == null ? null : e.copyOf().messageId(),
            e.copyOf() == null ? null : e.copyOf().reason().code()
        };
    }

    Optional<StoredEntry> findByClientId(String orgId, String conversationId, String senderId, String clientMsgId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE org_id = ? AND conversation_id = ? "
                        + "AND sender_id = ? AND client_msg_id = ?")
                .params(orgId, conversationId, senderId, clientMsgId)
                .query(ENTRY)
                .optional();
    }

    Optional<StoredEntry> findBySeq(String orgId, String conversationId, long seq) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE org_id = ? AND conversation_id = ? AND seq = ?")
                .params(orgId, conversationId, seq)
                .query(ENTRY)
                .optional();
    }

    void insertMentions(String orgId, String conversationId, long seq, List<String> userIds) {
        for (String userId : userIds) {
            jdbc.sql("INSERT INTO message_mention (conversation_id, seq, user_id, org_id) VALUES (?, ?, ?, ?)")
                    .params(conversationId, seq, userId, orgId)
                    .update();
        }
    }

    /**
     * Per conversation of {@code userId}: visible texts after their read marker that mention them. Joins the member
     * table for the marker, as {@link #counts} does.
     */
    Map<String, Long> unreadMentions(String orgId, String userId) {
        return jdbc
                .sql("SELECT mm.conversation_id, COUNT(*) AS mentions FROM message_mention mm "
                        + "JOIN conversation_member cm ON cm.conversation_id = mm.conversation_id "
                        + "AND cm.user_id = mm.user_id "
                        + "JOIN message m ON m.conversation_id = mm.conversation_id AND m.seq = mm.seq "
                        + "WHERE mm.org_id = :org AND mm.user_id = :user AND mm.seq > cm.read_seq "
                        + "AND m.deleted_at IS NULL GROUP BY mm.conversation_id")
                .param("org", orgId)
                .param("user", userId)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The entries at {@code seqs} of one conversation (those there are). */
    List<StoredEntry> bySeqs(String orgId, String conversationId, java.util.Collection<Long> seqs) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE org_id = :org AND conversation_id = :c "
                        + "AND seq IN (:seqs)")
                .param("org", orgId)
                .param("c", conversationId)
                .param("seqs", seqs)
                .query(ENTRY)
                .list();
    }

    /** Entries with {@code seq > after}, oldest first. */
    List<StoredEntry> after(String orgId, String conversationId, long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE org_id = ? AND conversation_id = ? AND seq > ? "
                        + "ORDER BY seq LIMIT ?")
                .params(orgId, conversationId, after, limit)
                .query(ENTRY)
                .list();
    }

    /** The {@code limit} entries just below {@code before}, returned oldest first. */
    List<StoredEntry> before(String orgId, String conversationId, long before, int limit) {
        List<StoredEntry> newestFirst = jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE org_id = ? "
                        + "AND conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?")
                .params(orgId, conversationId, before, limit)
                .query(ENTRY)
                .list();
        return newestFirst.reversed();
    }

    /** The newest {@code limit} entries of the given kinds, oldest first. */
    List<StoredEntry> ofKinds(String orgId, String conversationId, List<String> kinds, int limit) {
        List<StoredEntry> newestFirst = jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE org_id = :org "
                        + "AND conversation_id = :c AND kind IN (:kinds) ORDER BY seq DESC LIMIT :limit")
                .param("org", orgId)
                .param("c", conversationId)
                .param("kinds", kinds)
                .param("limit", limit)
                .query(ENTRY)
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
     * Per conversation of the member {@code userId}: visible texts, and how many of them are unread (after the
     * member's read marker and not sent by them). Joins the member table for the marker: a read-only use of the
     * conversation feature's table (docs/database.md).
     */
    Map<String, MessageCounts> counts(String orgId, String userId) {
        return jdbc
                .sql("SELECT m.conversation_id, COUNT(*) AS total, "
                        + "SUM(CASE WHEN m.seq > cm.read_seq AND m.sender_id <> :user THEN 1 ELSE 0 END) AS unread "
                        + "FROM message m JOIN conversation_member cm "
                        + "ON cm.conversation_id = m.conversation_id AND cm.user_id = :user "
                        + "WHERE m.org_id = :org AND m.kind IN (:texts) AND m.deleted_at IS NULL "
                        + "GROUP BY m.conversation_id")
                .param("user", userId)
                .param("org", orgId)
                .param("texts", EntryKind.textCodes())
                .query((rs, n) ->
                        Map.entry(rs.getString(1), new MessageCounts(rs.getLong("total"), rs.getLong("unread"))))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Visible texts of the whole organisation, and how many of them wait unread: for each member, the texts of others
     * after their read marker (what the members' unread badges add up to).
     */
    MessageCounts organisationCounts(String orgId) {
        long total = jdbc.sql("SELECT COUNT(*) FROM message WHERE org_id = :org AND kind IN (:texts) "
                        + "AND deleted_at IS NULL")
                .param("org", orgId)
                .param("texts", EntryKind.textCodes())
                .query(Long.class)
                .single();
        long unread = jdbc.sql("SELECT COUNT(*) FROM conversation_member cm JOIN message m "
                        + "ON m.conversation_id = cm.conversation_id AND m.seq > cm.read_seq "
                        + "WHERE cm.org_id = :org AND m.kind IN (:texts) AND m.deleted_at IS NULL "
                        + "AND m.sender_id <> cm.user_id")
                .param("org", orgId)
                .param("texts", EntryKind.textCodes())
                .query(Long.class)
                .single();
        return new MessageCounts(total, unread);
    }

    /** The newest visible text of each conversation of the member {@code userId}. */
    List<StoredEntry> lastTexts(String orgId, String userId) {
        return jdbc.sql("SELECT " + M_COLUMNS
                        + " FROM message m JOIN (SELECT x.conversation_id AS cid, MAX(x.seq) AS mseq FROM message x "
                        + "JOIN conversation_member cm ON cm.conversation_id = x.conversation_id AND cm.user_id = :user "
                        + "WHERE x.org_id = :org AND x.kind IN (:texts) AND x.deleted_at IS NULL "
                        + "GROUP BY x.conversation_id) last ON last.cid = m.conversation_id AND last.mseq = m.seq")
                .param("user", userId)
                .param("org", orgId)
                .param("texts", EntryKind.textCodes())
                .query(ENTRY)
                .list();
    }

    private static StoredEntry entry(ResultSet rs, int row) throws SQLException {
        long deletedAt = rs.getLong("deleted_at");
        boolean notDeleted = rs.wasNull();
        String copyOf = rs.getString("copy_of");
        return new StoredEntry(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("conversation_id"),
                rs.getLong("seq"),
                rs.getString("sender_id"),
                rs.getString("client_msg_id"),
                EntryKind.of(rs.getString("kind")),
                rs.getBytes("body"),
                rs.getString("meta"),
                rs.getLong("created_at"),
                notDeleted ? null : deletedAt,
                copyOf == null ? null : new CopyOf(CopyOf.Reason.of(rs.getString("copy_reason")), copyOf));
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
