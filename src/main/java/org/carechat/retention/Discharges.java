package org.carechat.retention;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Marks a patient's ward conversations discharged ({@code conversation.discharged_at}). */
@Repository
class Discharges {

    private final JdbcClient jdbc;

    Discharges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean patientExists(String orgId, String patientId) {
        return jdbc.sql("SELECT COUNT(*) FROM patient WHERE id = ? AND org_id = ?")
                        .params(patientId, orgId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * Marks every open conversation linked to the patient's record discharged (closed to new texts, under the grace
     * period), taking their row locks; returns their ids. A conversation already discharged keeps its first discharge.
     */
    List<String> discharge(String orgId, String patientId, long now) {
        List<String> ids = jdbc.sql("SELECT id FROM conversation WHERE org_id = ? AND patient_id = ? "
                        + "AND purged_at IS NULL AND discharged_at IS NULL ORDER BY id")
                .params(orgId, patientId)
                .query(String.class)
                .list();
        jdbc.sql("UPDATE conversation SET discharged_at = ? WHERE org_id = ? AND patient_id = ? "
                        + "AND purged_at IS NULL AND discharged_at IS NULL")
                .params(now, orgId, patientId)
                .update();
        return ids;
    }
}
