package org.carechat.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.RecordedRequest;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The EHR connection (issue #17, step 1): settings checked and audited, the signing key made and sealed by CareChat,
 * a SMART Backend Services token got with a signed assertion from a real authorisation server, and the state and last
 * error the console shows — against a real FHIR server and a real token endpoint, both in-process.
 */
@Timeout(120)
abstract class FhirConnectionScenarios extends ServerTest {

    static EhrTokenServer tokenServer;
    static EhrPatients patients;
    static FhirTestServer fhir;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FhirWorker worker;

    Organisation org;
    Staff admin;

    @BeforeAll
    static void startEhr() {
        tokenServer = new EhrTokenServer();
        patients = new EhrPatients();
        fhir = new FhirTestServer(patients, new EhrEncounters());
    }

    @AfterAll
    static void stopEhr() {
        fhir.close();
        tokenServer.close();
    }

    @BeforeEach
    void setUp() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
    }

    static Map<String, Object> settings() {
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", true);
        body.put("baseUrl", fhir.baseUrl());
        body.put("tokenUrl", tokenServer.tokenUrl());
        body.put("clientId", "carechat-backend");
        body.put("scopes", "system/Patient.read system/Encounter.read");
        body.put("syncIntervalSeconds", 300);
        return body;
    }

    Response save(Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(settings());
        body.putAll(changes);
        return call(admin, "PUT", "/api/v1/orgs/current/fhir", body);
    }

    boolean stored() {
        return jdbc.sql("SELECT COUNT(*) FROM fhir_connection WHERE org_id = ?")
                        .param(org.id())
                        .query(Long.class)
                        .single()
                > 0;
    }

    @Test
    void aBackendServicesTokenIsAskedForWithAnAssertionSignedByTheOrganisationsPublishedKey() throws Exception {
        assertThat(save(Map.of()).status()).isEqualTo(200);
        drainTokenRequests();

        SyncState state = worker.pass(org.id());

        assertThat(state.state()).as(state.lastError()).isEqualTo("ok");
        RecordedRequest request = tokenServer.takeRequest();
        Map<String, String> form = form(request.getBody().readUtf8());
        assertThat(form)
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("scope", "system/Patient.read system/Encounter.read")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
        Response jwks = get(null, "/api/v1/public/fhir/" + org.id() + "/jwks");
        ECKey published = (ECKey) JWKSet.parse(jwks.text()).getKeys().getFirst();
        assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("ES384");
        assertThat(assertion.getHeader().getKeyID()).isEqualTo(published.getKeyID());
        assertThat(assertion.verify(new ECDSAVerifier(published))).isTrue();
        assertThat(assertion.getJWTClaimsSet().getIssuer()).isEqualTo("carechat-backend");
        assertThat(assertion.getJWTClaimsSet().getSubject()).isEqualTo("carechat-backend");
        assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly(tokenServer.tokenUrl());
        assertThat(assertion.getJWTClaimsSet().getJWTID()).isNotBlank();
    }

    @Test
    void checkConnectionReportsTheServersFhirVersionAfterATokenWasGranted() {
        save(Map.of());
        int before = fhir.bearerTokens.size();

        Response checked = post(admin, "/api/v1/orgs/current/fhir/check", null);

        assertThat(checked.status()).as(checked.text()).isEqualTo(200);
        assertThat(checked.json().get("ok").asBoolean()).as(checked.text()).isTrue();
        assertThat(checked.json().get("fhirVersion").asString()).isEqualTo("4.0.1");
        assertThat(fhir.bearerTokens.size()).isGreaterThan(before);
        assertThat(get(admin, "/api/v1/orgs/current/fhir")
                        .json()
                        .get("status")
                        .get("state")
                        .asString())
                .isEqualTo("ok");
        String details = jdbc.sql(
                        "SELECT details FROM audit_event WHERE org_id = ? AND type = 'FHIR_CONNECTION_CHECKED'")
                .param(org.id())
                .query(String.class)
                .single();
        assertThat(details).contains("\"ok\":true");
    }

    @Test
    void aTokenEndpointThatDoesNotAnswerIsTheLastErrorAndTheNextAttemptBacksOff() {
        save(Map.of("tokenUrl", "http://127.0.0.1:9/oauth2/token"));

        SyncState first = worker.pass(org.id());
        SyncState second = worker.pass(org.id());

        assertThat(first.state()).isEqualTo("failing");
        assertThat(first.lastError())
                .isEqualTo("token: the token endpoint http://127.0.0.1:9/oauth2/token did not "
                        + "answer (ConnectException)");
        assertThat(second.failures()).isEqualTo(2);
        assertThat(second.nextAttemptAt() - second.lastAttemptAt())
                .isEqualTo(2 * (first.nextAttemptAt() - first.lastAttemptAt()));
        Response view = get(admin, "/api/v1/orgs/current/fhir");
        assertThat(view.json().get("status").get("lastError").asString()).startsWith("token: the token endpoint");
    }

    @Test
    void theSigningKeyIsSealedAtRestNeverShownAndKeptAcrossChangesUntilReplaced() {
        Response first = save(Map.of());
        String kid = first.json().get("jwks").get("keys").get(0).get("kid").asString();
        Response renamed = save(Map.of("clientId", "carechat-renamed"));
        Response replaced = save(Map.of("replaceKey", true));

        assertThat(first.text()).doesNotContain("\"d\":");
        assertThat(renamed.json().get("jwks").get("keys").get(0).get("kid").asString())
                .isEqualTo(kid);
        assertThat(replaced.json().get("jwks").get("keys").get(0).get("kid").asString())
                .isNotEqualTo(kid);
        assertThat(first.json().get("jwksUrl").asString()).endsWith("/api/v1/public/fhir/" + org.id() + "/jwks");
        String sealed = jdbc.sql("SELECT signing_key_sealed FROM fhir_connection WHERE org_id = ?")
                .param(org.id())
                .query(String.class)
                .single();
        assertThat(sealed).doesNotContain("\"d\"", "P-384");
    }

    @Test
    void aPlainHttpAddressOfAnotherMachineIsRefusedAndNothingIsStored() {
        Response refused = save(Map.of("baseUrl", "http://ehr.hospital.example/fhir"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString())
                .startsWith("baseUrl: must start with https:// (plain http only for a server on this machine)");
        assertThat(stored()).isFalse();
    }

    @Test
    void aScopeThatIsNotASmartSystemScopeIsNamed() {
        Response refused = save(Map.of("scopes", "system/Patient.read patient/*.read"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString())
                .isEqualTo("scopes: 'patient/*.read' is not a SMART system scope such as system/Patient.read or "
                        + "system/Patient.rs");
        assertThat(stored()).isFalse();
    }

    @Test
    void onlyAdminsSeeChangeOrCheckTheEhrLink() {
        Staff nurse = newStaff(org, Role.NURSE, "Nora Nurse");

        assertThat(get(nurse, "/api/v1/orgs/current/fhir").status()).isEqualTo(403);
        assertThat(call(nurse, "PUT", "/api/v1/orgs/current/fhir", settings()).status())
                .isEqualTo(403);
        assertThat(post(nurse, "/api/v1/orgs/current/fhir/check", null).status())
                .isEqualTo(403);
        assertThat(stored()).isFalse();
    }

    @Test
    void anOrganisationWithoutAnEhrLinkHasNoPublishedKey() {
        assertThat(get(null, "/api/v1/public/fhir/" + org.id() + "/jwks").status())
                .isEqualTo(404);
    }

    private static void drainTokenRequests() {
        while (tokenServer.takeRequestNow() != null) {
            // earlier tests' requests
        }
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(
                        p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }
}
