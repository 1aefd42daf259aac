package org.carechat.attachment;

import java.time.Clock;
import java.util.Optional;
import org.carechat.storage.Transactions;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code attachment_blob} table: every node of a cluster reaches it, and it is backed up (and restored) with
 * the rest of the database. Each call is its own transaction (joining the caller's if there is one).
 */
final class DatabaseBlobStore implements BlobStore {

    private final JdbcClient jdbc;
    private final Transactions transactions;
    private final Clock clock;

    DatabaseBlobStore(JdbcClient jdbc, Transactions transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void put(String key, byte[] ciphertext) {
        transactions.write(() -> jdbc.sql("INSERT INTO attachment_blob (blob_key, data, created_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (blob_key) DO UPDATE SET data = excluded.data")
                .params(key, ciphertext, clock.millis())
                .update());
    }

    @Override
    public Optional<byte[]> get(String key) {
        return jdbc.sql("SELECT data FROM attachment_blob WHERE blob_key = ?")
                .param(key)
                .query((rs, n) -> rs.getBytes(1))
                .optional();
    }

    @Override
    public void delete(String key) {
        transactions.write(() -> jdbc.sql("DELETE FROM attachment_blob WHERE blob_key = ?")
                .param(key)
                .update());
    }

    @Override
    public String kind() {
        return "database";
    }
}
