package org.carechat.patient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.carechat.crypto.IdentifyingData;
import org.carechat.system.MobileNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Patient records, stored sealed ({@link PatientCodec}) with their blind-index entries in {@code patient_index}.
 * Nothing identifying is in plain text in either table; every read decrypts.
 */
@Repository
class PatientRepository {

    private static final Logger log = LoggerFactory.getLogger(PatientRepository.class);
    private static final String COLUMNS = "p.id, p.org_id, p.sealed_details, p.created_at";

    private final JdbcTemplate batches;
    private final JdbcClient jdbc;
    private final PatientCodec codec;

    @Autowired
    PatientRepository(JdbcTemplate jdbc, IdentifyingData data, MobileNumbers numbers) {
        this(jdbc, new PatientCodec(data, numbers));
    }

    PatientRepository(JdbcTemplate jdbc, PatientCodec codec) {
        this.batches = jdbc;
        this.jdbc = JdbcClient.create(jdbc);
        this.codec = codec;
    }

    PatientCodec codec() {
        return codec;
    }

    void insert(Patient p) {
        insertAll(List.of(p));
    }

    /** Stores records and their index entries, in batches (an import stores up to 50,000 at once). */
    void insertAll(List<Patient> patients) {
        List<PatientCodec.Sealed> sealed = patients.stream().map(codec::seal).toList();
        batches.batchUpdate(
                "INSERT INTO patient (id, org_id, mrn_digest, sealed_details, created_at) VALUES (?, ?, ?, ?, ?)",
                sealed.stream()
                        .map(r -> new Object[] {r.id(), r.orgId(), r.mrnDigest(), r.details(), r.createdAt()})
                        .toList());
        insertIndex(sealed);
    }

    /** Seals records that were stored in plain text (migration 17.2), and indexes them. */
    void seal(List<Patient> plain) {
        List<PatientCodec.Sealed> sealed = plain.stream().map(codec::seal).toList();
        batches.batchUpdate(
                "UPDATE patient SET mrn_digest = ?, sealed_details = ? WHERE id = ?",
                sealed.stream()
                        .map(r -> new Object[] {r.mrnDigest(), r.details(), r.id()})
                        .toList());
        insertIndex(sealed);
    }

    private void insertIndex(List<PatientCodec.Sealed> sealed) {
        List<Object[]> rows = new ArrayList<>();
        for (PatientCodec.Sealed record : sealed) {
            record.index().forEach(digest -> rows.add(new Object[] {digest, record.id(), record.orgId()}));
        }
        batches.batchUpdate("INSERT INTO patient_index (digest, patient_id, org_id) VALUES (?, ?, ?)", rows);
    }

    Optional<Patient> findById(String orgId, String id) {
        return jdbc
                .sql("SELECT " + COLUMNS + " FROM patient p WHERE p.org_id = ? AND p.id = ?")
                .params(orgId, id)
                .query(this::patient)
                .list()
                .stream()
                .filter(Objects::nonNull)
                .findFirst();
    }

    List<Patient> findAll(String orgId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc
                .sql("SELECT " + COLUMNS + " FROM patient p WHERE p.org_id = :org AND p.id IN (:ids)")
                .param("org", orgId)
                .param("ids", ids)
                .query(this::patient)
                .list()
                .stream()
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * Every organisation's records with one of {@code entries} (one per organisation) in their index, oldest first: the
     * candidates for a contact a patient typed. The caller checks the decrypted contact.
     */
    List<Patient> findByEntries(Collection<byte[]> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        return jdbc
                .sql("SELECT " + COLUMNS + " FROM patient_index i CROSS JOIN patient p WHERE p.id = i.patient_id "
                        + "AND p.org_id = i.org_id AND i.digest IN (:entries) ORDER BY p.created_at, p.id")
                .param("entries", List.copyOf(entries))
                .query(this::patient)
                .list()
                .stream()
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * Replaces every field of a record but its id, organisation and creation time: its sealed details, its patient id
     * digest and its index entries.
     */
    void update(Patient p) {
        PatientCodec.Sealed sealed = codec.seal(p);
        jdbc.sql("UPDATE patient SET mrn_digest = ?, sealed_details = ? WHERE org_id = ? AND id = ?")
                .params(sealed.mrnDigest(), sealed.details(), p.orgId(), p.id())
                .update();
        jdbc.sql("DELETE FROM patient_index WHERE org_id = ? AND patient_id = ?")
                .params(p.orgId(), p.id())
                .update();
        insertIndex(List.of(sealed));
    }

    /**
     * Overwrites a record with {@code erased} (no name, birth date or contact) and removes every blind-index entry of
     * it and its one-time codes: the record stays, as what conversations and audit rows point at, holding nothing.
     */
    void erase(Patient erased) {
        PatientCodec.Sealed sealed = codec.seal(erased);
        jdbc.sql("UPDATE patient SET mrn_digest = ?, sealed_details = ? WHERE org_id = ? AND id = ?")
                .params(sealed.mrnDigest(), sealed.details(), erased.orgId(), erased.id())
                .update();
        jdbc.sql("DELETE FROM patient_index WHERE org_id = ? AND patient_id = ?")
                .params(erased.orgId(), erased.id())
                .update();
        jdbc.sql("DELETE FROM patient_code WHERE patient_id = ?")
                .param(erased.id())
                .update();
    }

    long count(String orgId) {
        return jdbc.sql("SELECT COUNT(*) FROM patient WHERE org_id = ?")
                .param(orgId)
                .query(Long.class)
                .single();
    }

    /**
     * Up to {@code limit} records of the organisation that have every entry of {@code allOf} or any entry of {@code
     * anyOf} in their index: the candidates of a search, in no particular order.
     */
    List<Patient> candidates(String orgId, List<byte[]> allOf, List<byte[]> anyOf, int limit) {
        List<String> ids = new ArrayList<>();
        if (!allOf.isEmpty()) {
            ids.add("SELECT patient_id FROM patient_index WHERE org_id = :org AND digest IN (:all) "
                    + "GROUP BY patient_id HAVING COUNT(*) = :count");
        }
        if (!anyOf.isEmpty()) {
            ids.add("SELECT patient_id FROM patient_index WHERE org_id = :org AND digest IN (:any)");
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        // Driven by the index: the matching ids first, then each record by its key. SQLite otherwise plans a walk over
        // the organisation's records, testing each against the ids (0.8 s over 100,000 records, however few match);
        // CROSS JOIN keeps its join order as written, and is an inner join like any other to PostgreSQL.
        JdbcClient.StatementSpec query = jdbc.sql("SELECT " + COLUMNS + " FROM (" + String.join(" UNION ", ids)
                        + ") m CROSS JOIN patient p WHERE p.id = m.patient_id AND p.org_id = :org LIMIT :limit")
                .param("org", orgId)
                .param("limit", limit);
        if (!allOf.isEmpty()) {
            query = query.param("all", allOf).param("count", allOf.size());
        }
        if (!anyOf.isEmpty()) {
            query = query.param("any", anyOf);
        }
        return query.query(this::patient).list().stream()
                .filter(Objects::nonNull)
                .toList();
    }

    /** The records of the organisation that have the patient ids {@code mrns}: patient id (MRN) to record id. */
    Map<String, String> idsByMrn(String orgId, Collection<String> mrns) {
        if (mrns.isEmpty()) {
            return Map.of();
        }
        Map<String, String> byDigest = new LinkedHashMap<>();
        mrns.forEach(mrn -> byDigest.put(hex(codec.mrnDigest(orgId, mrn)), mrn));
        List<byte[]> digests = new ArrayList<>();
        byDigest.keySet().forEach(h -> digests.add(HexFormat.of().parseHex(h)));
        Map<String, String> ids = new LinkedHashMap<>();
        jdbc.sql("SELECT mrn_digest, id FROM patient WHERE org_id = :org AND mrn_digest IN (:digests)")
                .param("org", orgId)
                .param("digests", digests)
                .query(rs -> {
                    ids.put(byDigest.get(hex(rs.getBytes(1))), rs.getString(2));
                });
        return ids;
    }

    /** Which of the patient ids {@code mrns} the organisation already has. */
    Set<String> existingMrns(String orgId, Collection<String> mrns) {
        if (mrns.isEmpty()) {
            return Set.of();
        }
        Map<String, String> byDigest = new LinkedHashMap<>();
        mrns.forEach(mrn -> byDigest.put(hex(codec.mrnDigest(orgId, mrn)), mrn));
        List<byte[]> digests = new ArrayList<>();
        byDigest.keySet().forEach(h -> digests.add(HexFormat.of().parseHex(h)));
        return jdbc
                .sql("SELECT mrn_digest FROM patient WHERE org_id = :org AND mrn_digest IN (:digests)")
                .param("org", orgId)
                .param("digests", digests)
                .query((rs, n) -> byDigest.get(hex(rs.getBytes(1))))
                .list()
                .stream()
                .collect(Collectors.toSet());
    }

    /**
     * The record of a row, or null (left out by every read) when its sealed value fails its integrity check — altered,
     * or copied from another record: it is never served, so it reads as absent; the log names it by id.
     */
    private Patient patient(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        try {
            return codec.open(id, rs.getString("org_id"), rs.getBytes("sealed_details"), rs.getLong("created_at"));
        } catch (IllegalStateException tampered) {
            log.warn("patient record {} failed its integrity check; it is left out as if absent", id);
            return null;
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
