package org.carechat.identity;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** TOTP secrets and steps on {@code app_user}, recovery codes, and sign-in challenges awaiting a code. */
@Repository
class SecondFactorRepository {

    /** A user's second factor: the sealed secret, whether it is confirmed, and the last step accepted. */
    record Enrolment(String sealedSecret, boolean confirmed, long lastStep) {}

    /** A sign-in that passed its password and waits for a code. */
    record Challenge(
            String id, String userId, String kind, String deviceName, long createdAt, int attempts, boolean used) {}

    private final JdbcClient jdbc;

    SecondFactorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Enrolment> enrolment(String userId) {
        return jdbc.sql("SELECT totp_secret, totp_confirmed_at, totp_last_step FROM app_user WHERE id = ? "
                        + "AND totp_secret IS NOT NULL")
                .param(userId)
                .query((rs, n) -> new Enrolment(rs.getString(1), rs.getObject(2) != null, rs.getLong(3)))
                .optional();
    }

    void startEnrolment(String userId, String sealedSecret) {
        jdbc.sql("UPDATE app_user SET totp_secret = ?, totp_confirmed_at = NULL, totp_last_step = 0 WHERE id = ?")
                .params(sealedSecret, userId)
                .update();
    }

    void confirm(String userId, long step, long now) {
        jdbc.sql("UPDATE app_user SET totp_confirmed_at = ?, totp_last_step = ? WHERE id = ?")
                .params(now, step, userId)
                .update();
    }

    void remove(String userId) {
        jdbc.sql("UPDATE app_user SET totp_secret = NULL, totp_confirmed_at = NULL, totp_last_step = 0 WHERE id = ?")
                .param(userId)
                .update();
        jdbc.sql("DELETE FROM recovery_code WHERE user_id = ?").param(userId).update();
    }

    /** Takes {@code step} as used unless it (or a later one) was used already: each code works once. */
    boolean useStep(String userId, long step) {
        return jdbc.sql("UPDATE app_user SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?")
                        .params(step, userId, step)
                        .update()
                == 1;
    }

    void replaceRecoveryCodes(String userId, List<String> hashes) {
        jdbc.sql("DELETE FROM recovery_code WHERE user_id = ?").param(userId).update();
        hashes.forEach(hash -> jdbc.sql("INSERT INTO recovery_code (user_id, code_hash) VALUES (?, ?)")
                .params(userId, hash)
                .update());
    }

    boolean useRecoveryCode(String userId, String hash, long now) {
        return jdbc.sql("UPDATE recovery_code SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL")
                        .params(now, userId, hash)
                        .update()
                == 1;
    }

    long unusedRecoveryCodes(String userId) {
        return jdbc.sql("SELECT COUNT(*) FROM recovery_code WHERE user_id = ? AND used_at IS NULL")
                .param(userId)
                .query(Long.class)
                .single();
    }

    void insertChallenge(String id, String tokenHash, String userId, String kind, String deviceName, long now) {
        jdbc.sql("INSERT INTO sign_in_challenge (id, token_hash, user_id, kind, device_name, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, tokenHash, userId, kind, deviceName, now)
                .update();
    }

    Optional<Challenge> challenge(String tokenHash) {
        return jdbc.sql("SELECT id, user_id, kind, device_name, created_at, attempts, used_at FROM sign_in_challenge "
                        + "WHERE token_hash = ?")
                .param(tokenHash)
                .query((rs, n) -> new Challenge(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getInt(6),
                        rs.getObject(7) != null))
                .optional();
    }

    /**
     * Takes one of the challenge's tries, if it has one left, is unused and was made after {@code createdAfter}: in
     * one statement, so parallel tries cannot take more than {@code limit}.
     *
     * @return the number of this try (1 to {@code limit}), or 0 when none was left
     */
    int takeAttempt(String challengeId, int limit, long createdAfter) {
        return jdbc.sql("UPDATE sign_in_challenge SET attempts = attempts + 1 WHERE id = ? AND attempts < ? "
                        + "AND used_at IS NULL AND created_at >= ? RETURNING attempts")
                .params(challengeId, limit, createdAfter)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /** @return false when the challenge was used already (a second use of the same code races the first) */
    boolean useChallenge(String challengeId, long now) {
        return jdbc.sql("UPDATE sign_in_challenge SET used_at = ? WHERE id = ? AND used_at IS NULL")
                        .params(now, challengeId)
                        .update()
                == 1;
    }

    void deleteChallengesBefore(long cutoff) {
        jdbc.sql("DELETE FROM sign_in_challenge WHERE created_at < ?")
                .param(cutoff)
                .update();
    }
}
