package org.carechat.patient;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PatientRepository {

    private static final String COLUMNS =
            "id, org_id, mrn, given_name, family_name, birth_date, mobile, email, created_at";

    private final JdbcClient jdbc;

    PatientRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Patient p) {
        jdbc.sql("INSERT INTO patient (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        p.id(),
                        p.orgId(),
                        p.mrn(),
                        p.givenName(),
                        p.familyName(),
                        p.birthDate(),
                        p.mobile(),
                        p.email(),
                        p.createdAt())
                .update();
    }

    Optional<Patient> findById(String orgId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM patient WHERE org_id = ? AND id = ?")
                .params(orgId, id)
                .query(Patient.class)
                .optional();
    }

    List<Patient> findAll(String orgId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM patient WHERE org_id = :org AND id IN (:ids)")
                .param("org", orgId)
                .param("ids", ids)
                .query(Patient.class)
                .list();
    }

    /** Every organisation's records with this birth date, oldest first: where registration starts looking. */
    List<Patient> findByBirthDate(String birthDate) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM patient WHERE birth_date = ? ORDER BY created_at, id")
                .param(birthDate)
                .query(Patient.class)
                .list();
    }

    /**
     * Matches the start of the MRN, any part of the given or family name (case-insensitive), or the whole e-mail
     * address or mobile number (written with or without spaces and dashes).
     */
    List<Patient> search(String orgId, String query, int limit) {
        String contains = "%" + query + "%";
        String number = query.replace(" ", "").replace("-", "");
        return jdbc.sql("SELECT " + COLUMNS + " FROM patient WHERE org_id = ? AND (LOWER(mrn) LIKE ? OR "
                        + "LOWER(given_name) LIKE ? OR LOWER(family_name) LIKE ? OR "
                        + "LOWER(given_name || ' ' || family_name) LIKE ? OR LOWER(email) = ? OR "
                        + "REPLACE(REPLACE(mobile, ' ', ''), '-', '') = ?) ORDER BY family_name, given_name LIMIT ?")
                .params(orgId, query + "%", contains, contains, contains, query, number, limit)
                .query(Patient.class)
                .list();
    }

    /** Replaces every field of a record but its id, organisation and creation time. */
    void update(Patient p) {
        jdbc.sql("UPDATE patient SET mrn = ?, given_name = ?, family_name = ?, birth_date = ?, mobile = ?, email = ? "
                        + "WHERE org_id = ? AND id = ?")
                .params(p.mrn(), p.givenName(), p.familyName(), p.birthDate(), p.mobile(), p.email(), p.orgId(), p.id())
                .update();
    }

    long count(String orgId) {
        return jdbc.sql("SELECT COUNT(*) FROM patient WHERE org_id = ?")
                .param(orgId)
                .query(Long.class)
                .single();
    }

    Set<String> existingMrns(String orgId, Collection<String> mrns) {
        if (mrns.isEmpty()) {
            return Set.of();
        }
        return jdbc
                .sql("SELECT mrn FROM patient WHERE org_id = :org AND mrn IN (:mrns)")
                .param("org", orgId)
                .param("mrns", mrns)
                .query(String.class)
                .list()
                .stream()
                .collect(Collectors.toSet());
    }
}
