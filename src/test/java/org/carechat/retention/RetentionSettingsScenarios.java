package org.carechat.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An organisation's retention policy as a setting (issue #16): read, changed by admins, validated, audited. */
abstract class RetentionSettingsScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff admin;
    Staff nurse;

    @BeforeEach
    void setUp() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        nurse = newStaff(org, Role.NURSE, "Nina Nurse");
    }

    static Map<String, Object> policy(int staff, int patient, int mixed, int contactRequests, int grace) {
        Map<String, Object> policy = new HashMap<>();
        policy.put("staffDays", staff);
        policy.put("patientDays", patient);
        policy.put("mixedDays", mixed);
        policy.put("contactRequestDays", contactRequests);
        policy.put("dischargeGraceDays", grace);
        return policy;
    }

    Response retentionOf(Staff as) {
        return get(as, "/api/v1/orgs/current");
    }

    long settingChanges(String outcome) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'SETTINGS_CHANGED' AND org_id = ? "
                        + "AND outcome = ?")
                .params(org.id(), outcome)
                .query(Long.class)
                .single();
    }

    @Test
    void anOrganisationThatNeverSetAPolicyHasTheDocumentedDefaults() {
        var retention = retentionOf(nurse).json().get("retention");
        assertThat(retention.get("staffDays").asInt()).isEqualTo(90);
        assertThat(retention.get("patientDays").asInt()).isEqualTo(365);
        assertThat(retention.get("mixedDays").asInt()).isEqualTo(365);
        assertThat(retention.get("contactRequestDays").asInt()).isEqualTo(30);
        assertThat(retention.get("dischargeGraceDays").asInt()).isEqualTo(7);
    }

    @Test
    void anAdminsPolicyIsInForceAtOnceForThatOrganisationOnlyAndAuditedWithTheFigures() {
        Response changed =
                call(admin, "PATCH", "/api/v1/orgs/current", Map.of("retention", policy(30, 180, 120, 14, 10)));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("retention").get("patientDays").asInt()).isEqualTo(180);
        var stored = retentionOf(nurse).json().get("retention");
        assertThat(stored.get("staffDays").asInt()).isEqualTo(30);
        assertThat(stored.get("mixedDays").asInt()).isEqualTo(120);
        assertThat(stored.get("contactRequestDays").asInt()).isEqualTo(14);
        assertThat(stored.get("dischargeGraceDays").asInt()).isEqualTo(10);
        String details = jdbc.sql("SELECT details FROM audit_event WHERE type = 'SETTINGS_CHANGED' AND org_id = ? "
                        + "AND target_type = 'retention_policy'")
                .param(org.id())
                .query(String.class)
                .single();
        assertThat(details).contains("\"staffDays\":30").contains("\"dischargeGraceDays\":10");

        call(admin, "PATCH", "/api/v1/orgs/current", Map.of("retention", policy(60, 180, 120, 14, 10)));
        assertThat(retentionOf(admin).json().get("retention").get("staffDays").asInt())
                .isEqualTo(60);
        Staff otherAdmin = newStaff(newOrg(), Role.ADMIN, "Otto Other");
        assertThat(retentionOf(otherAdmin)
                        .json()
                        .get("retention")
                        .get("staffDays")
                        .asInt())
                .as("another organisation keeps the defaults")
                .isEqualTo(90);
    }

    @Test
    void onlyAnAdminChangesThePolicyAndARefusalIsAuditedAndStoresNothing() {
        Response refused = call(nurse, "PATCH", "/api/v1/orgs/current", Map.of("retention", policy(1, 1, 1, 1, 0)));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(retentionOf(admin).json().get("retention").get("staffDays").asInt())
                .isEqualTo(90);
        assertThat(settingChanges("refused")).isEqualTo(1);
        assertThat(settingChanges("success")).isZero();
    }

    @Test
    void aPeriodOutOfRangeOrMissingIsRefusedNamingTheFieldAndStoresNothing() {
        assertRefused(policy(0, 365, 365, 30, 7), "staffDays");
        assertRefused(policy(90, 3651, 365, 30, 7), "patientDays");
        assertRefused(policy(90, 365, -1, 30, 7), "mixedDays");
        assertRefused(policy(90, 365, 365, 0, 7), "contactRequestDays");
        assertRefused(policy(90, 365, 365, 30, 366), "dischargeGraceDays");
        Map<String, Object> partial = policy(90, 365, 365, 30, 7);
        partial.remove("mixedDays");
        assertRefused(partial, "mixedDays");
        assertThat(retentionOf(admin).json().get("retention").get("staffDays").asInt())
                .isEqualTo(90);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM retention_policy WHERE org_id = ?")
                        .param(org.id())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(settingChanges("success")).isZero();
    }

    @Test
    void aSingleRetentionDaysFieldIsRefusedPointingToThePoliciesInsteadOfAnsweredOkAndIgnored() {
        Response unknown = call(admin, "PATCH", "/api/v1/orgs/current", Map.of("retentionDays", 30, "name", "Kept"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.string("detail"))
                .startsWith("Field 'retentionDays' is not a field here")
                .contains("retention");
        assertThat(retentionOf(admin).json().get("name").asString())
                .as("nothing of a refused request is stored")
                .isEqualTo(org.name());
        assertThat(settingChanges("success")).isZero();
        Response odd = call(admin, "PATCH", "/api/v1/orgs/current", Map.of("Mrs Canary Patient", 1));
        assertThat(odd.status()).isEqualTo(400);
        assertThat(odd.text()).doesNotContain("Canary");
    }

    private void assertRefused(Map<String, Object> policy, String field) {
        Response refused = call(admin, "PATCH", "/api/v1/orgs/current", Map.of("retention", policy));
        assertThat(refused.status()).as(field).isEqualTo(400);
        assertThat(refused.string("detail")).as(field).contains(field);
    }
}
