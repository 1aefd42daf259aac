package org.carechat.retention;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organisations' retention periods ({@code retention_policy}); an organisation without a row has the defaults. */
@Repository
class RetentionPolicies {

    private final JdbcClient jdbc;

    RetentionPolicies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    RetentionPolicy find(String orgId) {
        return jdbc.sql("SELECT staff_days, patient_days, mixed_days, contact_request_days, discharge_grace_days "
                        + "FROM retention_policy WHERE org_id = ?")
                .param(orgId)
                .query(RetentionPolicy.class)
                .optional()
                .orElse(RetentionPolicy.DEFAULTS);
    }

    void save(String orgId, RetentionPolicy policy, long now) {
        jdbc.sql("INSERT INTO retention_policy (org_id, staff_days, patient_days, mixed_days, contact_request_days, "
                        + "discharge_grace_days, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (org_id) DO UPDATE SET staff_days = excluded.staff_days, "
                        + "patient_days = excluded.patient_days, mixed_days = excluded.mixed_days, "
                        + "contact_request_days = excluded.contact_request_days, "
                        + "discharge_grace_days = excluded.discharge_grace_days, updated_at = excluded.updated_at")
                .params(
                        orgId,
                        policy.staffDays(),
                        policy.patientDays(),
                        policy.mixedDays(),
                        policy.contactRequestDays(),
                        policy.dischargeGraceDays(),
                        now)
                .update();
    }
}
