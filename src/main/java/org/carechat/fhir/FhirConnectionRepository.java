package org.carechat.fhir;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organisations' EHR connections and the worker's state for each. */
@Repository
class FhirConnectionRepository {

    private static final String COLUMNS = "org_id, enabled, base_url, token_url, client_id, scopes, "
            + "signing_key_sealed, public_jwk, sync_interval_secs, file_as, encounter_access, updated_at";

    private final JdbcClient jdbc;

    FhirConnectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A connection with its sealed signing key and the public half of it (a JWK as JSON). */
    record Stored(FhirConnection connection, String sealedKey, String publicJwk) {}

    Optional<Stored> find(String orgId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM fhir_connection WHERE org_id = ?")
                .param(orgId)
                .query((rs, n) -> new Stored(
                        new FhirConnection(
                                rs.getString("org_id"),
                                rs.getInt("enabled") == 1,
                                rs.getString("base_url"),
                                rs.getString("token_url"),
                                rs.getString("client_id"),
                                List.copyOf(Arrays.asList(rs.getString("scopes").split(" "))),
                                rs.getInt("sync_interval_secs"),
                                rs.getString("file_as"),
                                rs.getInt("encounter_access") == 1,
                                rs.getLong("updated_at")),
                        rs.getString("signing_key_sealed"),
                        rs.getString("public_jwk")))
                .optional();
    }

    /**
     * The organisation whose enabled connection has the FHIR base URL {@code baseUrl} (a trailing slash ignored): an
     * EHR launch names its FHIR server ({@code iss}), not an organisation. Empty when none, or more than one, has it.
     */
    Optional<String> orgWithBaseUrl(String baseUrl) {
        String bare = baseUrl.replaceAll("/+$", "");
        List<String> orgs = jdbc.sql("SELECT org_id FROM fhir_connection WHERE enabled = 1 AND (base_url = ? OR "
                        + "base_url = ?) ORDER BY org_id")
                .params(bare, bare + "/")
                .query(String.class)
                .list();
        return orgs.size() == 1 ? Optional.of(orgs.getFirst()) : Optional.empty();
    }

    /** Writes the settings (call in a write transaction). */
    void save(FhirConnection c, String sealedKey, String publicJwk) {
        jdbc.sql("DELETE FROM fhir_connection WHERE org_id = ?")
                .param(c.orgId())
                .update();
        jdbc.sql("INSERT INTO fhir_connection (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        c.orgId(),
                        c.enabled() ? 1 : 0,
                        c.baseUrl(),
                        c.tokenUrl(),
                        c.clientId(),
                        String.join(" ", c.scopes()),
                        sealedKey,
                        publicJwk,
                        c.syncIntervalSeconds(),
                        c.fileAs(),
                        c.encounterAccess() ? 1 : 0,
                        c.updatedAt())
                .update();
    }

    /** The organisations whose connection is on and whose worker may run now. */
    List<String> due(long now) {
        return jdbc.sql("SELECT c.org_id FROM fhir_connection c JOIN fhir_sync_state s ON s.org_id = c.org_id "
                        + "WHERE c.enabled = 1 AND s.next_attempt_at <= ? ORDER BY s.next_attempt_at")
                .param(now)
                .query(String.class)
                .list();
    }

    /**
     * Takes the organisation's turn: moves its next attempt to {@code leaseUntil} unless another node took it first.
     *
     * @return whether this node has the turn
     */
    boolean claim(String orgId, long now, long leaseUntil) {
        return jdbc.sql("UPDATE fhir_sync_state SET next_attempt_at = ? WHERE org_id = ? AND next_attempt_at <= ?")
                        .params(leaseUntil, orgId, now)
                        .update()
                == 1;
    }

    Optional<SyncState> state(String orgId) {
        return jdbc.sql("SELECT state, last_attempt_at, last_success_at, last_error, failures, next_attempt_at "
                        + "FROM fhir_sync_state WHERE org_id = ?")
                .param(orgId)
                .query((rs, n) -> new SyncState(
                        rs.getString("state"),
                        nullableLong(rs, "last_attempt_at"),
                        nullableLong(rs, "last_success_at"),
                        rs.getString("last_error"),
                        rs.getInt("failures"),
                        rs.getLong("next_attempt_at")))
                .optional();
    }

    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    void saveState(String orgId, SyncState s) {
        jdbc.sql("DELETE FROM fhir_sync_state WHERE org_id = ?").param(orgId).update();
        jdbc.sql("INSERT INTO fhir_sync_state (org_id, state, last_attempt_at, last_success_at, last_error, failures, "
                        + "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        orgId,
                        s.state(),
                        s.lastAttemptAt(),
                        s.lastSuccessAt(),
                        s.lastError(),
                        s.failures(),
                        s.nextAttemptAt())
                .update();
    }
}
