package org.carechat.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private static final String COLUMNS =
            "id, org_id, username, display_name, role, system_admin, disabled, created_at, patient_id";
    private final RowMapper<User> userRow = this::user;
    private final JdbcClient jdbc;
    private final AccountNames names;
    private final RecentUsers recent;

    UserRepository(JdbcClient jdbc, AccountNames names, RecentUsers recent) {
        this.recent = recent;
        this.jdbc = jdbc;
        this.names = names;
    }

    /** @param passwordExpiresAt when a one-time password stops working, or null */
    void insert(User user, String passwordHash, boolean mustChangePassword, Long passwordExpiresAt) {
        jdbc.sql("INSERT INTO app_user (id, org_id, username, display_name, role, system_admin, password_hash, "
                        + "must_change_password, disabled, created_at, patient_id, password_expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        user.id(),
                        user.orgId(),
                        user.username(),
                        names.stored(user.orgId(), user.id(), user.role(), user.displayName()),
                        user.role().code(),
                        user.systemAdmin() ? 1 : 0,
                        passwordHash,
                        mustChangePassword ? 1 : 0,
                        user.disabled() ? 1 : 0,
                        user.createdAt(),
                        user.patientId(),
                        passwordExpiresAt)
                .update();
    }

    /** Inserts an account without a password unless its username is taken (two callers racing to make it). */
    boolean insertUnlessTaken(User user) {
        return jdbc.sql("INSERT INTO app_user (id, org_id, username, display_name, role, system_admin, password_hash, "
                                + "must_change_password, disabled, created_at, patient_id) "
                                + "VALUES (?, ?, ?, ?, ?, 0, NULL, 0, ?, ?, ?) ON CONFLICT DO NOTHING")
                        .params(
                                user.id(),
                                user.orgId(),
                                user.username(),
                                names.stored(user.orgId(), user.id(), user.role(), user.displayName()),
                                user.role().code(),
                                user.disabled() ? 1 : 0,
                                user.createdAt(),
                                user.patientId())
                        .update()
                == 1;
    }

    /** The account {@code username} of the organisation {@code orgId}. */
    Optional<User> findByUsername(String orgId, String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE org_id = ? AND username = ?")
                .params(orgId, username)
                .query(userRow)
                .optional();
    }

    /** The account of the patient record {@code patientId}, if the patient has registered. */
    Optional<User> findByPatient(String orgId, String patientId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE org_id = ? AND patient_id = ?")
                .params(orgId, patientId)
                .query(userRow)
                .optional();
    }

    Optional<User> findById(String orgId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE org_id = ? AND id = ?")
                .params(orgId, id)
                .query(userRow)
                .optional();
    }

    /**
     * The accounts named {@code username} — in the organisation {@code organisation} (its name, any case, or its id)
     * when given, else in any. A username is unique within an organisation only, so without an organisation there
     * may be several; at most two are read, which is enough to tell one from several.
     */
    java.util.List<Credentials> findCredentials(String username, String organisation) {
        return jdbc.sql("SELECT u.id, u.org_id, u.username, u.display_name, u.role, u.system_admin, u.disabled, "
                        + "u.created_at, u.patient_id, u.password_hash, u.must_change_password, u.password_expires_at "
                        + "FROM app_user u JOIN organisation o ON o.id = u.org_id WHERE u.username = :name AND "
                        + "(CAST(:org AS TEXT) IS NULL OR o.id = :org OR LOWER(o.name) = LOWER(:org)) "
                        + "ORDER BY u.created_at LIMIT 2")
                .param("name", username)
                .param("org", organisation)
                .query((rs, n) -> credentials(rs))
                .list();
    }

    Optional<Credentials> findCredentialsById(String id) {
        return jdbc.sql("SELECT " + COLUMNS
                        + ", password_hash, must_change_password, password_expires_at FROM app_user " + "WHERE id = ?")
                .param(id)
                .query((rs, n) -> credentials(rs))
                .optional();
    }

    /** Whether {@code username} is taken in the organisation {@code orgId} (other organisations do not matter). */
    boolean usernameTaken(String orgId, String username) {
        return jdbc.sql("SELECT COUNT(*) FROM app_user WHERE org_id = ? AND username = ?")
                        .params(orgId, username)
                        .query(Long.class)
                        .single()
                > 0;
    }

    List<User> search(String orgId, String pattern, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE org_id = ? AND disabled = 0 AND role <> 'patient' "
                        + "AND (LOWER(display_name) LIKE ? OR LOWER(username) LIKE ?) ORDER BY display_name LIMIT ?")
                .params(orgId, pattern, pattern, limit)
                .query(userRow)
                .list();
    }

    List<User> list(String orgId, int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE org_id = ? AND role <> 'patient' "
                        + "ORDER BY display_name LIMIT ? OFFSET ?")
                .params(orgId, limit, offset)
                .query(userRow)
                .list();
    }

    /** Staff of the organisation whose name or username matches {@code pattern}, with sign-in facts, by name. */
    List<StaffAccount> directory(String orgId, String pattern, int limit) {
        return jdbc.sql("SELECT u.id, u.username, u.display_name, u.role, u.disabled, u.created_at, "
                        + "u.must_change_password, u.totp_confirmed_at, "
                        + "(SELECT MAX(t.created_at) FROM auth_token t WHERE t.user_id = u.id AND t.kind = 'session') "
                        + "AS last_sign_in FROM app_user u WHERE u.org_id = ? AND u.role <> 'patient' "
                        + "AND (LOWER(u.display_name) LIKE ? OR LOWER(u.username) LIKE ?) "
                        + "ORDER BY u.display_name, u.id LIMIT ?")
                .params(orgId, pattern, pattern, limit)
                .query((rs, n) -> {
                    long lastSignIn = rs.getLong("last_sign_in");
                    Long last = rs.wasNull() ? null : lastSignIn;
                    return new StaffAccount(
                            rs.getString("id"),
                            rs.getString("username"),
                            rs.getString("display_name"),
                            Role.parse(rs.getString("role")).orElseThrow(),
                            rs.getInt("disabled") == 1,
                            rs.getLong("created_at"),
                            last,
                            rs.getObject("totp_confirmed_at") != null,
                            rs.getInt("must_change_password") == 1);
                })
                .list();
    }

    Optional<Long> lastSignInAt(String orgId, String userId) {
        return jdbc.sql("SELECT MAX(created_at) FROM auth_token WHERE org_id = ? AND user_id = ? AND kind = 'session'")
                .params(orgId, userId)
                .query((rs, n) -> {
                    long at = rs.getLong(1);
                    return rs.wasNull() ? null : at;
                })
                .optional();
    }

    void setPatientId(String orgId, String userId, String patientId) {
        recent.changing(orgId, userId);
        jdbc.sql("UPDATE app_user SET patient_id = ? WHERE org_id = ? AND id = ? AND role = 'patient'")
                .params(patientId, orgId, userId)
                .update();
    }

    long countPatientAccounts(String orgId) {
        return jdbc.sql("SELECT COUNT(*) FROM app_user WHERE org_id = ? AND role = 'patient'")
                .param(orgId)
                .query(Long.class)
                .single();
    }

    /** {@link #findAll}, from memory ({@link RecentUsers}). */
    Map<String, User> findAllRecent(String orgId, Collection<String> ids) {
        return recent.of(orgId, ids, missing -> findAll(orgId, missing));
    }

    List<User> findAll(String orgId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE org_id = :org AND id IN (:ids)")
                .param("org", orgId)
                .param("ids", ids)
                .query(userRow)
                .list();
    }

    void update(String orgId, String id, String displayName, Role role, boolean disabled) {
        recent.changing(orgId, id);
        jdbc.sql("UPDATE app_user SET display_name = ?, role = ?, disabled = ? WHERE org_id = ? AND id = ?")
                .params(names.stored(orgId, id, role, displayName), role.code(), disabled ? 1 : 0, orgId, id)
                .update();
    }

    /** The user's own new password: no longer one-time, so it has no expiry. */
    void updatePassword(String id, String passwordHash) {
        jdbc.sql("UPDATE app_user SET password_hash = ?, must_change_password = 0, password_expires_at = NULL "
                        + "WHERE id = ?")
                .params(passwordHash, id)
                .update();
    }

    /** A one-time password set by the operator, to be changed at first sign-in before {@code expiresAt}. */
    void setOneTimePassword(String id, String passwordHash, long expiresAt) {
        jdbc.sql("UPDATE app_user SET password_hash = ?, must_change_password = 1, password_expires_at = ? "
                        + "WHERE id = ?")
                .params(passwordHash, expiresAt, id)
                .update();
    }

    private Credentials credentials(ResultSet rs) throws SQLException {
        long expires = rs.getLong("password_expires_at");
        Long expiresAt = rs.wasNull() ? null : expires; // wasNull speaks of the last column read: read it first
        return new Credentials(
                user(rs, 0), rs.getString("password_hash"), rs.getInt("must_change_password") == 1, expiresAt);
    }

    private User user(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        String orgId = rs.getString("org_id");
        Role role = Role.parse(rs.getString("role")).orElseThrow();
        return new User(
                id,
                orgId,
                rs.getString("username"),
                names.name(orgId, id, role, rs.getString("display_name")),
                role,
                rs.getInt("system_admin") == 1,
                rs.getInt("disabled") == 1,
                rs.getLong("created_at"),
                rs.getString("patient_id"));
    }

    /** @param passwordExpiresAt when a one-time password stops working (null: not one-time, or none) */
    record Credentials(User user, String passwordHash, boolean mustChangePassword, Long passwordExpiresAt) {}
}
