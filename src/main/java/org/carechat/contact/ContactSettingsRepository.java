package org.carechat.contact;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** An organisation's contact settings (its SMS number and automatic answers) and its list of reasons. */
@Repository
class ContactSettingsRepository {

    /** The stored settings; {@code smsNumber} as digits, or null. */
    record Stored(String orgId, String smsNumber, String acknowledgement, String closedAnswer) {}

    private final JdbcClient jdbc;

    ContactSettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> find(String orgId) {
        return jdbc.sql("SELECT org_id, sms_number, acknowledgement, closed_answer FROM contact_settings "
                        + "WHERE org_id = ?")
                .param(orgId)
                .query((rs, n) -> new Stored(
                        rs.getString("org_id"),
                        rs.getString("sms_number"),
                        rs.getString("acknowledgement"),
                        rs.getString("closed_answer")))
                .optional();
    }

    /** The organisation whose number {@code digits} is, if any. */
    Optional<String> orgOfNumber(String digits) {
        return jdbc.sql("SELECT org_id FROM contact_settings WHERE sms_number = ?")
                .param(digits)
                .query(String.class)
                .optional();
    }

    void save(Stored s, long now) {
        int updated = jdbc.sql("UPDATE contact_settings SET sms_number = ?, acknowledgement = ?, closed_answer = ?, "
                        + "updated_at = ? WHERE org_id = ?")
                .params(s.smsNumber(), s.acknowledgement(), s.closedAnswer(), now, s.orgId())
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO contact_settings (org_id, sms_number, acknowledgement, closed_answer, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?)")
                    .params(s.orgId(), s.smsNumber(), s.acknowledgement(), s.closedAnswer(), now)
                    .update();
        }
    }

    List<ContactReason> reasons(String orgId) {
        return jdbc.sql("SELECT id, label, team_id, position, active FROM contact_reason WHERE org_id = ? "
                        + "ORDER BY active DESC, position, id")
                .param(orgId)
                .query((rs, n) -> new ContactReason(
                        rs.getString("id"),
                        rs.getString("label"),
                        rs.getString("team_id"),
                        rs.getInt("position"),
                        rs.getInt("active") == 1))
                .list();
    }

    void insertReason(String orgId, ContactReason r, long now) {
        jdbc.sql("INSERT INTO contact_reason (id, org_id, label, team_id, position, active, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(r.id(), orgId, r.label(), r.teamId(), r.position(), r.active() ? 1 : 0, now)
                .update();
    }

    void updateReason(String orgId, ContactReason r) {
        jdbc.sql("UPDATE contact_reason SET label = ?, team_id = ?, position = ?, active = ? WHERE org_id = ? "
                        + "AND id = ?")
                .params(r.label(), r.teamId(), r.position(), r.active() ? 1 : 0, orgId, r.id())
                .update();
    }
}
