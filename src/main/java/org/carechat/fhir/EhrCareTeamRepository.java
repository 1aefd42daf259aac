package org.carechat.fhir;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The EHR's CareTeams ({@code fhir_care_team}, {@code fhir_care_team_member}) and its practitioners' staff accounts
 * ({@code fhir_practitioner}): ids, statuses and the mapping only, never content.
 */
@Repository
class EhrCareTeamRepository {

    private final JdbcClient jdbc;

    EhrCareTeamRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A staff member a patient's active care team names: the account, the CareTeam, the practitioner, and how. */
    record Named(String userId, String careTeamId, String practitionerId, String matchedBy) {}

    /** Replaces what is known of one CareTeam: its patient, status and practitioners. */
    void saveCareTeam(
            String orgId,
            String fhirId,
            String patientFhirId,
            String status,
            String versionId,
            List<String> practitioners,
            long now) {
        jdbc.sql("DELETE FROM fhir_care_team WHERE org_id = ? AND fhir_id = ?")
                .params(orgId, fhirId)
                .update();
        jdbc.sql("INSERT INTO fhir_care_team (org_id, fhir_id, patient_fhir_id, status, version_id, synced_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(orgId, fhirId, patientFhirId, status, versionId, now)
                .update();
        jdbc.sql("DELETE FROM fhir_care_team_member WHERE org_id = ? AND care_team_fhir_id = ?")
                .params(orgId, fhirId)
                .update();
        for (String practitioner : practitioners.stream().distinct().toList()) {
            jdbc.sql("INSERT INTO fhir_care_team_member (org_id, care_team_fhir_id, practitioner_fhir_id) "
                            + "VALUES (?, ?, ?)")
                    .params(orgId, fhirId, practitioner)
                    .update();
        }
    }

    /** A CareTeam the EHR deleted: it grants nothing any more (its row stays, so the next pass revokes). */
    void markDeleted(String orgId, String fhirId) {
        jdbc.sql("UPDATE fhir_care_team SET status = 'deleted' WHERE org_id = ? AND fhir_id = ?")
                .params(orgId, fhirId)
                .update();
    }

    /** Which staff account an EHR practitioner is ({@code userId} null: none matched). */
    void savePractitioner(String orgId, String fhirId, String userId, String matchedBy, long now) {
        jdbc.sql("DELETE FROM fhir_practitioner WHERE org_id = ? AND fhir_id = ?")
                .params(orgId, fhirId)
                .update();
        jdbc.sql("INSERT INTO fhir_practitioner (org_id, fhir_id, user_id, matched_by, synced_at) "
                        + "VALUES (?, ?, ?, ?, ?)")
                .params(orgId, fhirId, userId, matchedBy, now)
                .update();
    }

    /** The staff account the EHR practitioner {@code fhirId} was matched to, if any. */
    Optional<String> accountOf(String orgId, String practitionerFhirId) {
        return jdbc.sql("SELECT user_id FROM fhir_practitioner WHERE org_id = ? AND fhir_id = ? "
                        + "AND user_id IS NOT NULL")
                .params(orgId, practitionerFhirId)
                .query(String.class)
                .optional();
    }

    /** The EHR practitioner a staff account was matched to, if any (the first by id when several were). */
    Optional<String> practitionerOf(String orgId, String userId) {
        return jdbc
                .sql("SELECT fhir_id FROM fhir_practitioner WHERE org_id = ? AND user_id = ? ORDER BY fhir_id")
                .params(orgId, userId)
                .query(String.class)
                .list()
                .stream()
                .findFirst();
    }

    /** Every EHR patient some CareTeam was read for (active or not: an ended team revokes what it granted). */
    List<String> patientsWithCareTeams(String orgId) {
        return jdbc.sql("SELECT DISTINCT patient_fhir_id FROM fhir_care_team WHERE org_id = ? ORDER BY patient_fhir_id")
                .param(orgId)
                .query(String.class)
                .list();
    }

    /** The staff accounts the active CareTeams of one EHR patient name. */
    List<Named> named(String orgId, String patientFhirId) {
        return jdbc.sql("SELECT p.user_id, t.fhir_id, m.practitioner_fhir_id, p.matched_by FROM fhir_care_team t "
                        + "JOIN fhir_care_team_member m ON m.org_id = t.org_id AND m.care_team_fhir_id = t.fhir_id "
                        + "JOIN fhir_practitioner p ON p.org_id = m.org_id AND p.fhir_id = m.practitioner_fhir_id "
                        + "WHERE t.org_id = ? AND t.patient_fhir_id = ? AND t.status = 'active' "
                        + "AND p.user_id IS NOT NULL ORDER BY t.fhir_id, m.practitioner_fhir_id")
                .params(orgId, patientFhirId)
                .query((rs, n) -> new Named(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    /** Replaces what is known of one Encounter read for access: its patient, status and practitioner participants. */
    void saveEncounter(
            String orgId, String fhirId, String patientFhirId, String status, List<String> practitioners, long now) {
        jdbc.sql("DELETE FROM fhir_encounter_access WHERE org_id = ? AND fhir_id = ?")
                .params(orgId, fhirId)
                .update();
        jdbc.sql("DELETE FROM fhir_encounter_participant WHERE org_id = ? AND encounter_fhir_id = ?")
                .params(orgId, fhirId)
                .update();
        jdbc.sql("INSERT INTO fhir_encounter_access (org_id, fhir_id, patient_fhir_id, status, synced_at) "
                        + "VALUES (?, ?, ?, ?, ?)")
                .params(orgId, fhirId, patientFhirId, status, now)
                .update();
        for (String practitioner : practitioners.stream().distinct().toList()) {
            jdbc.sql("INSERT INTO fhir_encounter_participant (org_id, encounter_fhir_id, practitioner_fhir_id) "
                            + "VALUES (?, ?, ?)")
                    .params(orgId, fhirId, practitioner)
                    .update();
        }
    }

    /** Every EHR patient an Encounter was read for access for (in progress or not: an ended one revokes). */
    List<String> patientsWithEncounters(String orgId) {
        return jdbc.sql("SELECT DISTINCT patient_fhir_id FROM fhir_encounter_access WHERE org_id = ? "
                        + "ORDER BY patient_fhir_id")
                .param(orgId)
                .query(String.class)
                .list();
    }

    /** The staff accounts the patient's in-progress Encounters name ({@code careTeamId} holds the Encounter id). */
    List<Named> namedByEncounters(String orgId, String patientFhirId) {
        return jdbc.sql(
                        "SELECT p.user_id, e.fhir_id, m.practitioner_fhir_id, p.matched_by FROM fhir_encounter_access e "
                                + "JOIN fhir_encounter_participant m ON m.org_id = e.org_id AND m.encounter_fhir_id = e.fhir_id "
                                + "JOIN fhir_practitioner p ON p.org_id = m.org_id AND p.fhir_id = m.practitioner_fhir_id "
                                + "WHERE e.org_id = ? AND e.patient_fhir_id = ? AND e.status = 'in-progress' "
                                + "AND p.user_id IS NOT NULL ORDER BY e.fhir_id, m.practitioner_fhir_id")
                .params(orgId, patientFhirId)
                .query((rs, n) -> new Named(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }
}
