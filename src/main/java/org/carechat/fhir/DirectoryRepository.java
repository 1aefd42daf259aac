package org.carechat.fhir;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The EHR's patients behind CareChat's records ({@code fhir_patient}) and the sync's feed positions. */
@Repository
class DirectoryRepository {

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate batches;

    DirectoryRepository(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /** What is known of one EHR patient. */
    record Link(String fhirId, String patientId, String versionId, String status) {}

    Map<String, Link> links(String orgId, Collection<String> fhirIds) {
        Map<String, Link> links = new HashMap<>();
        if (fhirIds.isEmpty()) {
            return links;
        }
        jdbc.sql("SELECT fhir_id, patient_id, version_id, status FROM fhir_patient WHERE org_id = :org "
                        + "AND fhir_id IN (:ids)")
                .param("org", orgId)
                .param("ids", fhirIds)
                .query(rs -> {
                    links.put(
                            rs.getString(1),
                            new Link(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                });
        return links;
    }

    Optional<Link> link(String orgId, String fhirId) {
        return Optional.ofNullable(links(orgId, java.util.List.of(fhirId)).get(fhirId));
    }

    /** The CareChat record the EHR patient {@code fhirId} is stored as, if any. */
    Optional<String> recordOf(String orgId, String fhirId) {
        return link(orgId, fhirId).map(Link::patientId);
    }

    /** {@link #saveLink} for a page's patients (none merged), in two batches rather than two statements each. */
    void saveLinks(String orgId, java.util.List<Link> links, long now) {
        if (links.isEmpty()) {
            return;
        }
        batches.batchUpdate(
                "DELETE FROM fhir_patient WHERE org_id = ? AND fhir_id = ?",
                links.stream().map(l -> new Object[] {orgId, l.fhirId()}).toList());
        batches.batchUpdate(
                "INSERT INTO fhir_patient (org_id, fhir_id, patient_id, version_id, status, merged_into, synced_at) "
                        + "VALUES (?, ?, ?, ?, ?, NULL, ?)",
                links.stream()
                        .map(l -> new Object[] {orgId, l.fhirId(), l.patientId(), l.versionId(), l.status(), now})
                        .toList());
    }

    void saveLink(String orgId, Link link, String mergedInto, long now) {
        jdbc.sql("DELETE FROM fhir_patient WHERE org_id = ? AND fhir_id = ?")
                .params(orgId, link.fhirId())
                .update();
        jdbc.sql("INSERT INTO fhir_patient (org_id, fhir_id, patient_id, version_id, status, merged_into, synced_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(orgId, link.fhirId(), link.patientId(), link.versionId(), link.status(), mergedInto, now)
                .update();
    }

    long position(String orgId, String feed) {
        return jdbc.sql("SELECT position FROM fhir_cursor WHERE org_id = ? AND feed = ?")
                .params(orgId, feed)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    void advance(String orgId, String feed, long position) {
        jdbc.sql("DELETE FROM fhir_cursor WHERE org_id = ? AND feed = ?")
                .params(orgId, feed)
                .update();
        jdbc.sql("INSERT INTO fhir_cursor (org_id, feed, position) VALUES (?, ?, ?)")
                .params(orgId, feed, position)
                .update();
    }

    long count(String orgId, String status) {
        return jdbc.sql("SELECT COUNT(*) FROM fhir_patient WHERE org_id = ? AND status = ?")
                .params(orgId, status)
                .query(Long.class)
                .single();
    }

    boolean encounterDischarged(String orgId, String fhirId) {
        return jdbc.sql("SELECT COUNT(*) FROM fhir_encounter WHERE org_id = ? AND fhir_id = ?")
                        .params(orgId, fhirId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void recordDischarge(String orgId, String fhirId, String patientId, long now) {
        jdbc.sql("INSERT INTO fhir_encounter (org_id, fhir_id, patient_id, discharged_at) VALUES (?, ?, ?, ?)")
                .params(orgId, fhirId, patientId, now)
                .update();
    }

    /** The EHR patient behind CareChat's record {@code patientId}, if the directory sync brought it. */
    Optional<String> fhirIdOf(String orgId, String patientId) {
        return jdbc
                .sql("SELECT fhir_id FROM fhir_patient WHERE org_id = ? AND patient_id = ? AND status = 'active' "
                        + "ORDER BY fhir_id")
                .params(orgId, patientId)
                .query(String.class)
                .list()
                .stream()
                .findFirst();
    }
}
