package org.carechat.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
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

    UserRepository(JdbcClient jdbc, AccountNames names) {
        this.jdbc = jdbc;
        this.names = names;
    }

    void insert(User user, String passwordHash, boolean mustChangePassword) {
        jdbc.sql(
                        "INSERT INTO app_user (id, org_id, username, display_name, role, system_admin, password_hash, "
                                + "must_change_password, disabled, created_at, patient_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
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
                        user.patientId())
                .update();
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

    /** Any organisation: usernames are unique across the installation, and sign-in starts from one. */
    Optional<Credentials> findCredentials(String username) {
        return jdbc.sql("SELECT " + COLUMNS + ", password_hash, must_change_password FROM app_user WHERE username = ?")
                .param(username)
                .query((rs, n) -> new Credentials(
                        user(rs, n), rs.getString("password_hash"), rs.getInt("must_change_password") == 1))
                .optional();
    }

    Optional<Credentials> findCredentialsById(String id) {
        return jdbc.sql("SELECT " + COLUMNS + ", password_hash, must_change_password FROM app_user WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Credentials(
                        user(rs, n), rs.getString("password_hash"), rs.getInt("must_change_password") == 1))
                .optional();
    }

    boolean usernameTaken(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM app_user WHERE username = ?")
                        .param(username)
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
        jdbc.sql("UPDATE app_user SET display_name = ?, role = ?, disabled = ? WHERE org_id = ? AND id = ?")
                .params(names.stored(orgId, id, role, displayName), role.code(), disabled ? 1 : 0, orgId, id)
                .update();
    }

    void updatePassword(String id, String passwordHash) {
        jdbc.sql("UPDATE app_user SET password_hash = ?, must_change_password = 0 WHERE id = ?")
                .params(passwordHash, id)
                .update();
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

    record Credentials(User user, String passwordHash, boolean mustChangePassword) {}
}
