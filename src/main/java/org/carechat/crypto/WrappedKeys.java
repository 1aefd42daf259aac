package org.carechat.crypto;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The stored keysets, each encrypted by the master key: conversations' data keys ({@code conversation_key}),
 * organisations' keys for identifying data ({@code org_key}) and the installation's own keys ({@code system_key}).
 */
@Repository
class WrappedKeys {

    /**
     * A conversation's keyset, when its current primary key was made, and the retention key it is wrapped under
     * ({@code null}: the master key, for a keyset from before issue #16).
     */
    record ConversationKey(String conversationId, String wrappedKeyset, long rotatedAt, String kekBucket) {}

    /** Any stored keyset, for re-wrapping under a new master key. */
    record Stored(String table, String name, String wrappedKeyset) {}

    private final JdbcClient jdbc;

    WrappedKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean any() {
        return jdbc.sql("SELECT (SELECT COUNT(*) FROM conversation_key) + (SELECT COUNT(*) FROM system_key) "
                                + "+ (SELECT COUNT(*) FROM org_key)")
                        .query(Long.class)
                        .single()
                > 0;
    }

    void insertConversationKey(String orgId, String conversationId, String wrapped, String bucket, long now) {
        jdbc.sql("INSERT INTO conversation_key (conversation_id, org_id, wrapped_keyset, kek_bucket, created_at, "
                        + "rotated_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(conversationId, orgId, wrapped, bucket, now, now)
                .update();
    }

    Optional<ConversationKey> conversationKey(String conversationId) {
        return jdbc.sql("SELECT conversation_id, wrapped_keyset, rotated_at, kek_bucket FROM conversation_key "
                        + "WHERE conversation_id = ?")
                .param(conversationId)
                .query(ConversationKey.class)
                .optional();
    }

    /** Stores a conversation's keyset as re-wrapped (under another bucket, or with a new primary key). */
    void replaceConversationKey(String conversationId, String wrapped, String bucket, long rotatedAt) {
        jdbc.sql("UPDATE conversation_key SET wrapped_keyset = ?, kek_bucket = ?, rotated_at = ? "
                        + "WHERE conversation_id = ?")
                .params(wrapped, bucket, rotatedAt, conversationId)
                .update();
    }

    /** Destroys a conversation's keyset row (the purge); returns whether there was one. */
    boolean deleteConversationKey(String conversationId) {
        return jdbc.sql("DELETE FROM conversation_key WHERE conversation_id = ?")
                        .param(conversationId)
                        .update()
                == 1;
    }

    /** Whether any keyset is wrapped under a retention key (so the retention key file must exist). */
    boolean anyUnderRetentionKeys() {
        return jdbc.sql("SELECT COUNT(*) FROM conversation_key WHERE kek_bucket IS NOT NULL")
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** How many keysets are wrapped under the bucket's retention key. */
    long countInBucket(String bucket) {
        return jdbc.sql("SELECT COUNT(*) FROM conversation_key WHERE kek_bucket = ?")
                .param(bucket)
                .query(Long.class)
                .single();
    }

    /** One page of the conversation keysets wrapped by the master key directly (before issue #16), by id. */
    List<Stored> masterWrappedConversationKeys(String afterId, int limit) {
        return jdbc.sql("SELECT 'conversation_key' AS table_name, conversation_id AS name, wrapped_keyset "
                        + "FROM conversation_key WHERE kek_bucket IS NULL AND conversation_id > ? "
                        + "ORDER BY conversation_id LIMIT ?")
                .params(afterId, limit)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    Optional<String> systemKey(String name) {
        return jdbc.sql("SELECT wrapped_keyset FROM system_key WHERE name = ?")
                .param(name)
                .query(String.class)
                .optional();
    }

    /** @return false when another writer stored the key first */
    boolean insertSystemKey(String name, String wrapped, long now) {
        return jdbc.sql("INSERT INTO system_key (name, wrapped_keyset, created_at) VALUES (?, ?, ?) "
                                + "ON CONFLICT (name) DO NOTHING")
                        .params(name, wrapped, now)
                        .update()
                == 1;
    }

    void insertOrgKey(String name, String orgId, String purpose, String wrapped, long now) {
        jdbc.sql("INSERT INTO org_key (name, org_id, purpose, wrapped_keyset, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(name, orgId, purpose, wrapped, now)
                .update();
    }

    Optional<String> orgKey(String name) {
        return jdbc.sql("SELECT wrapped_keyset FROM org_key WHERE name = ?")
                .param(name)
                .query(String.class)
                .optional();
    }

    /** The organisations that have keys for identifying data. */
    List<String> orgsWithKeys() {
        return jdbc.sql("SELECT DISTINCT org_id FROM org_key ORDER BY org_id")
                .query(String.class)
                .list();
    }

    /** One page of every stored keyset, in a stable order, after {@code afterName} of {@code afterTable}. */
    List<Stored> page(String table, String afterName, int limit) {
        String key = keyColumn(table);
        return jdbc.sql("SELECT '" + table + "' AS table_name, " + key + " AS name, wrapped_keyset FROM " + table
                        + " WHERE " + key + " > ? ORDER BY " + key + " LIMIT ?")
                .params(afterName, limit)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    void replace(Stored key, String wrapped) {
        jdbc.sql("UPDATE " + key.table() + " SET wrapped_keyset = ? WHERE " + keyColumn(key.table()) + " = ?")
                .params(wrapped, key.name())
                .update();
    }

    private static String keyColumn(String table) {
        return table.equals("conversation_key") ? "conversation_id" : "name";
    }
}
