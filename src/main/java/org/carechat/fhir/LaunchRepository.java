package org.carechat.fhir;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** EHR launches started and not yet finished ({@code fhir_launch}): each taken once, by its state. */
@Repository
class LaunchRepository {

    private final JdbcClient jdbc;

    LaunchRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A started launch: where its code is exchanged and how its ID token is checked. */
    record Started(
            String state,
            String orgId,
            String codeVerifier,
            String tokenUrl,
            String issuer,
            String jwksUri,
            long createdAt) {}

    void insert(Started s) {
        jdbc.sql("INSERT INTO fhir_launch (state, org_id, code_verifier, token_url, issuer, jwks_uri, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(s.state(), s.orgId(), s.codeVerifier(), s.tokenUrl(), s.issuer(), s.jwksUri(), s.createdAt())
                .update();
    }

    /** Removes and returns the launch {@code state}: a second callback with the same state finds nothing. */
    Optional<Started> take(String state) {
        return jdbc.sql("DELETE FROM fhir_launch WHERE state = ? RETURNING state, org_id, code_verifier, token_url, "
                        + "issuer, jwks_uri, created_at")
                .param(state)
                .query((rs, n) -> new Started(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getLong(7)))
                .optional();
    }

    /** Forgets launches started before {@code before} that never came back. */
    void forgetStale(long before) {
        jdbc.sql("DELETE FROM fhir_launch WHERE created_at < ?").param(before).update();
    }
}
