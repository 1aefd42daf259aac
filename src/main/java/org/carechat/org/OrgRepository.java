package org.carechat.org;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OrgRepository {

    private static final String COLUMNS = "id, name, created_at, require_second_factor";

    private final JdbcClient jdbc;

    OrgRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Organisation org) {
        jdbc.sql("INSERT INTO organisation (id, name, created_at) VALUES (?, ?, ?)")
                .params(org.id(), org.name(), org.createdAt())
                .update();
    }

    Optional<Organisation> findById(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM organisation WHERE id = ?")
                .param(id)
                .query(Organisation.class)
                .optional();
    }

    Optional<Organisation> findByName(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM organisation WHERE LOWER(name) = LOWER(?)")
                .param(name)
                .query(Organisation.class)
                .optional();
    }

    List<Organisation> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM organisation ORDER BY name")
                .query(Organisation.class)
                .list();
    }

    NoticeRules noticeRules(String id) {
        return jdbc.sql("SELECT notice_channels, notice_window_start, notice_window_end, quiet_start, quiet_end, "
                        + "time_zone FROM organisation WHERE id = ?")
                .param(id)
                .query((rs, n) -> new NoticeRules(
                        rs.getString(1).isBlank()
                                ? java.util.List.of()
                                : java.util.List.of(rs.getString(1).split(",")),
                        NoticeRules.hhmm(rs.getInt(2)),
                        NoticeRules.hhmm(rs.getInt(3)),
                        NoticeRules.hhmm(nullableInt(rs, 4)),
                        NoticeRules.hhmm(nullableInt(rs, 5)),
                        rs.getString(6)))
                .optional()
                .orElse(NoticeRules.DEFAULTS);
    }

    private static Integer nullableInt(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    void updateNoticeRules(String id, NoticeRules rules) {
        jdbc.sql("UPDATE organisation SET notice_channels = ?, notice_window_start = ?, notice_window_end = ?, "
                        + "quiet_start = ?, quiet_end = ?, time_zone = ? WHERE id = ?")
                .params(
                        String.join(",", rules.channels()),
                        NoticeRules.minutes(rules.windowStart()),
                        NoticeRules.minutes(rules.windowEnd()),
                        rules.quietStart() == null ? null : NoticeRules.minutes(rules.quietStart()),
                        rules.quietEnd() == null ? null : NoticeRules.minutes(rules.quietEnd()),
                        rules.timeZone(),
                        id)
                .update();
    }

    String expectedReply(String id) {
        return jdbc.sql("SELECT expected_reply FROM organisation WHERE id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    void updateExpectedReply(String id, String text) {
        jdbc.sql("UPDATE organisation SET expected_reply = ? WHERE id = ?")
                .params(text, id)
                .update();
    }

    String patientSignIn(String id) {
        return jdbc.sql("SELECT patient_sign_in FROM organisation WHERE id = ?")
                .param(id)
                .query(String.class)
                .optional()
                .orElse(OrgService.SIGN_IN_BY_CODE);
    }

    void updatePatientSignIn(String id, String method) {
        jdbc.sql("UPDATE organisation SET patient_sign_in = ? WHERE id = ?")
                .params(method, id)
                .update();
    }

    void updateSettings(String id, boolean requireSecondFactor) {
        jdbc.sql("UPDATE organisation SET require_second_factor = ? WHERE id = ?")
                .params(requireSecondFactor ? 1 : 0, id)
                .update();
    }

    String emergencyNotice(String id) {
        return jdbc.sql("SELECT emergency_notice FROM organisation WHERE id = ?")
                .param(id)
                .query((rs, n) -> rs.getString(1))
                .optional()
                .orElse(null);
    }

    void updateEmergencyNotice(String id, String notice) {
        jdbc.sql("UPDATE organisation SET emergency_notice = ? WHERE id = ?")
                .params(notice, id)
                .update();
    }

    void rename(String id, String name) {
        jdbc.sql("UPDATE organisation SET name = ? WHERE id = ?")
                .params(name, id)
                .update();
    }

    boolean anyWithPatientSignIn(String method) {
        return jdbc.sql("SELECT COUNT(*) FROM organisation WHERE patient_sign_in = ?")
                        .param(method)
                        .query(Long.class)
                        .single()
                > 0;
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM organisation").query(Long.class).single();
    }
}
