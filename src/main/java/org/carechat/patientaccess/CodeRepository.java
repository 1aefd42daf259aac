package org.carechat.patientaccess;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CodeRepository {

    /** A stored code request; {@code patientId} is null for a request that matched no record. */
    record CodeRow(
            String id,
            String orgId,
            String patientId,
            String channel,
            String codeHash,
            long expiresAt,
            int attempts,
            Long usedAt) {}

    private final JdbcClient jdbc;

    CodeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(
            String id,
            String secretHash,
            String orgId,
            String patientId,
            String channel,
            String codeHash,
            long now,
            long expiresAt) {
        jdbc.sql("INSERT INTO patient_code (id, secret_hash, org_id, patient_id, channel, code_hash, created_at, "
                        + "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, secretHash, orgId, patientId, channel, codeHash, now, expiresAt)
                .update();
    }

    Optional<CodeRow> find(String secretHash) {
        return jdbc.sql("SELECT id, org_id, patient_id, channel, code_hash, expires_at, attempts, used_at "
                        + "FROM patient_code WHERE secret_hash = ?")
                .param(secretHash)
                .query(CodeRow.class)
                .optional();
    }

    /**
     * Takes one try of the code, if it has one left and is neither used nor expired at {@code now}: in one statement,
     * so parallel tries cannot take more than {@code limit}.
     */
    boolean takeAttempt(String id, int limit, long now) {
        return jdbc.sql("UPDATE patient_code SET attempts = attempts + 1 WHERE id = ? AND attempts < ? "
                                + "AND used_at IS NULL AND expires_at > ?")
                        .params(id, limit, now)
                        .update()
                == 1;
    }

    /** @return false when the code was used meanwhile (two tabs): a code signs in once */
    boolean use(String id, long now) {
        return jdbc.sql("UPDATE patient_code SET used_at = ? WHERE id = ? AND used_at IS NULL")
                        .params(now, id)
                        .update()
                == 1;
    }

    /** When a code of this patient record last signed someone in, if ever (within the kept day). */
    Optional<Long> lastUsed(String patientId) {
        return jdbc.sql("SELECT MAX(used_at) FROM patient_code WHERE patient_id = ?")
                .param(patientId)
                .query(Long.class)
                .optional();
    }

    /** Forgets requests older than {@code before}: expired codes are of no further use. */
    void deleteBefore(long before) {
        jdbc.sql("DELETE FROM patient_code WHERE created_at < ?").param(before).update();
    }
}
