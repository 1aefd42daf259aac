package org.carechat.attachment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AttachmentRepository {

    private static final String COLUMNS = "id, org_id, conversation_id, uploaded_by, state, name, content_type, "
            + "size_bytes, width, height, sha256, has_thumbnail, message_id, seq, created_at";

    private final JdbcClient jdbc;

    AttachmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The row of an upload about to be written to the blob store. */
    void insertUploading(String id, String orgId, String conversationId, String uploadedBy, long now) {
        jdbc.sql("INSERT INTO attachment (id, org_id, conversation_id, uploaded_by, state, created_at) "
                        + "VALUES (?, ?, ?, ?, 'uploading', ?)")
                .params(id, orgId, conversationId, uploadedBy, now)
                .update();
    }

    /** @return false when the sweeper took the row first */
    boolean markReady(
            String id,
            byte[] name,
            String contentType,
            long size,
            Integer width,
            Integer height,
            String sha256,
            boolean thumbnail) {
        return jdbc.sql(
                                "UPDATE attachment SET state = 'ready', name = ?, content_type = ?, size_bytes = ?, "
                                        + "width = ?, height = ?, sha256 = ?, has_thumbnail = ? WHERE id = ? AND state = 'uploading'")
                        .params(name, contentType, size, width, height, sha256, thumbnail ? 1 : 0, id)
                        .update()
                == 1;
    }

    /** Uploads of a user not yet sent (or abandoned). */
    long pendingOf(String orgId, String userId) {
        return jdbc.sql("SELECT COUNT(*) FROM attachment WHERE org_id = ? AND uploaded_by = ? "
                        + "AND state IN ('uploading', 'ready')")
                .params(orgId, userId)
                .query(Long.class)
                .single();
    }

    /** Binds a ready upload of {@code userId} to a message; false when it is not one (or no longer). */
    boolean attach(
            String orgId, String conversationId, String userId, String id, String messageId, long seq, long now) {
        return jdbc.sql(
                                "UPDATE attachment SET state = 'attached', message_id = ?, seq = ?, attached_at = ? "
                                        + "WHERE id = ? AND org_id = ? AND conversation_id = ? AND uploaded_by = ? AND state = 'ready'")
                        .params(messageId, seq, now, id, orgId, conversationId, userId)
                        .update()
                == 1;
    }

    Optional<StoredAttachment> find(String orgId, String conversationId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM attachment WHERE id = ? AND org_id = ? AND conversation_id = ?")
                .params(id, orgId, conversationId)
                .query(AttachmentRepository::row)
                .optional();
    }

    List<StoredAttachment> ofMessages(String orgId, String conversationId, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM attachment WHERE org_id = :org AND conversation_id = :c "
                        + "AND message_id IN (:ids) AND state = 'attached' ORDER BY message_id, attached_at, id")
                .param("org", orgId)
                .param("c", conversationId)
                .param("ids", messageIds)
                .query(AttachmentRepository::row)
                .list();
    }

    /** Unsent uploads started before {@code before}, and rows the sweeper already marked, oldest first. */
    List<StoredAttachment> abandoned(long before, int limit) {
        return jdbc.sql(
                        "SELECT " + COLUMNS + " FROM attachment WHERE (state IN ('uploading', 'ready') "
                                + "AND created_at < ?) OR (state = 'abandoned' AND message_id IS NULL) ORDER BY created_at LIMIT ?")
                .params(before, limit)
                .query(AttachmentRepository::row)
                .list();
    }

    /** @return false when a send claimed it first */
    boolean markAbandoned(String id) {
        return jdbc.sql("UPDATE attachment SET state = 'abandoned' WHERE id = ? AND state <> 'attached'")
                        .param(id)
                        .update()
                == 1;
    }

    /**
     * Takes a sender's files in a conversation out of reach (their erasure): abandoned, their message kept to tell
     * them from unsent uploads, which the sweeper owns; {@link PurgedAttachments} deletes them.
     *
     * @return their ids
     */
    List<String> markErased(String orgId, String conversationId, String uploaderId) {
        List<String> ids = jdbc.sql("SELECT id FROM attachment WHERE org_id = ? AND conversation_id = ? "
                        + "AND uploaded_by = ? AND state = 'attached' ORDER BY id")
                .params(orgId, conversationId, uploaderId)
                .query(String.class)
                .list();
        jdbc.sql("UPDATE attachment SET state = 'abandoned' WHERE org_id = ? AND conversation_id = ? "
                        + "AND uploaded_by = ? AND state = 'attached'")
                .params(orgId, conversationId, uploaderId)
                .update();
        return ids;
    }

    /** Files marked erased ({@link #markErased}), not yet deleted. */
    List<StoredAttachment> erased(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM attachment WHERE state = 'abandoned' AND message_id IS NOT NULL "
                        + "LIMIT ?")
                .param(limit)
                .query(AttachmentRepository::row)
                .list();
    }

    void deleteAbandoned(String id) {
        jdbc.sql("DELETE FROM attachment WHERE id = ? AND state = 'abandoned'")
                .param(id)
                .update();
    }

    /**
     * Attachments of conversations purged by retention, whatever their state. Reads the conversation feature's
     * {@code purged_at} (docs/database.md, read-only use of another feature's table).
     */
    List<StoredAttachment> ofPurgedConversations(int limit) {
        return jdbc.sql("SELECT " + COLUMNS.replaceAll("(^|, )", "$1a.") + " FROM attachment a "
                        + "JOIN conversation c ON c.id = a.conversation_id WHERE c.purged_at IS NOT NULL LIMIT ?")
                .param(limit)
                .query(AttachmentRepository::row)
                .list();
    }

    void deletePurged(String id) {
        jdbc.sql("DELETE FROM attachment WHERE id = ?").param(id).update();
    }

    /** The organisation's allowed media types, comma-separated, when it narrowed them. */
    Optional<String> allowedTypes(String orgId) {
        return jdbc.sql("SELECT allowed_types FROM attachment_policy WHERE org_id = ?")
                .param(orgId)
                .query(String.class)
                .optional();
    }

    void setAllowedTypes(String orgId, String types, long now) {
        jdbc.sql("INSERT INTO attachment_policy (org_id, allowed_types, updated_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (org_id) DO UPDATE SET allowed_types = excluded.allowed_types, "
                        + "updated_at = excluded.updated_at")
                .params(orgId, types, now)
                .update();
    }

    /** The organisation's own largest attachment, when it lowered the installation's. */
    Optional<Long> maxFileBytes(String orgId) {
        return jdbc.sql("SELECT max_file_bytes FROM attachment_policy WHERE org_id = ? AND max_file_bytes IS NOT NULL")
                .param(orgId)
                .query(Long.class)
                .optional();
    }

    /** Sets the organisation's largest attachment (null: the installation's); keeps its types. */
    void setMaxFileBytes(String orgId, Long maxBytes, String currentTypes, long now) {
        jdbc.sql(
                        "INSERT INTO attachment_policy (org_id, allowed_types, max_file_bytes, updated_at) VALUES (?, ?, ?, ?) "
                                + "ON CONFLICT (org_id) DO UPDATE SET max_file_bytes = excluded.max_file_bytes, "
                                + "updated_at = excluded.updated_at")
                .params(orgId, currentTypes, maxBytes, now)
                .update();
    }

    private static StoredAttachment row(ResultSet rs, int n) throws SQLException {
        return new StoredAttachment(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("conversation_id"),
                rs.getString("uploaded_by"),
                rs.getString("state"),
                rs.getBytes("name"),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                (Integer) nullable(rs, rs.getInt("width")),
                (Integer) nullable(rs, rs.getInt("height")),
                rs.getString("sha256"),
                rs.getInt("has_thumbnail") == 1,
                rs.getString("message_id"),
                (Long) nullable(rs, rs.getLong("seq")),
                rs.getLong("created_at"));
    }

    private static Object nullable(ResultSet rs, Object value) throws SQLException {
        return rs.wasNull() ? null : value;
    }
}
