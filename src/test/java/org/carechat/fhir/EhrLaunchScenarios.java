package org.carechat.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.RecordedRequest;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
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
 * SMART App Launch (EHR launch) over HTTP, against a real authorisation server (mock-oauth2-server): discovery, the
 * authorisation code with PKCE S256, the code exchanged with CareChat's client assertion, the clinician signed in by
 * the practitioner the ID token names; a callback from another browser, a replayed one and a practitioner without an
 * account sign nobody in, and are audited.
 */
@Timeout(120)
abstract class EhrLaunchScenarios extends ServerTest {

    static EhrTokenServer authorisationServer;
    static FhirTestServer fhir;

    final HttpClient browser =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff admin;
    Staff alice;
    Patient fay;

    @BeforeAll
    static void startEhr() {
        authorisationServer = new EhrTokenServer();
        fhir = new FhirTestServer(new EhrPatients());
        fhir.smartConfiguration(authorisationServer.smartConfiguration());
    }

    @AfterAll
    static void stopEhr() {
        fhir.close();
        authorisationServer.close();
    }

    @BeforeEach
    void setUp() {
        while (authorisationServer.takeRequestNow() != null) {
            // requests of earlier tests
        }
        // iss names one organisation: the previous tests' organisations let go of this EHR.
        jdbc.sql("UPDATE fhir_connection SET enabled = 0 WHERE base_url = ?")
                .param(fhir.baseUrl())
                .update();
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        alice = newStaff(org, Role.CLINICIAN, "Alice Adams");
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", true);
        body.put("baseUrl", fhir.baseUrl());
        body.put("tokenUrl", authorisationServer.tokenUrl());
        body.put("clientId", "carechat");
        body.put("scopes", "system/Patient.read system/Practitioner.read");
        body.put("syncIntervalSeconds", 300);
        assertThat(call(admin, "PUT", "/api/v1/orgs/current/fhir", body).status())
                .isEqualTo(200);
        fay = patientRecord(org, "Fay", "Ling", "1950-01-02", null, null);
        jdbc.sql("INSERT INTO fhir_patient (org_id, fhir_id, patient_id, version_id, status, merged_into, synced_at) "
                        + "VALUES (?, 'f1', ?, '1', 'active', NULL, 0)")
                .params(org.id(), fay.id())
                .update();
        jdbc.sql("INSERT INTO fhir_practitioner (org_id, fhir_id, user_id, matched_by, synced_at) "
                        + "VALUES (?, 'pr-alice', ?, 'email', 0)")
                .params(org.id(), alice.id())
                .update();
    }

    @Test
    void aLaunchUsesPkceAndSignsInThePractitionerTheIdTokenNamesOnThePatientsHistory() throws Exception {
        authorisationServer.nextTokenClaims("alice", Map.of("fhirUser", "Practitioner/pr-alice", "patient", "f1"));

        HttpResponse<String> launched = get(launchUrl(), null);
        assertThat(launched.statusCode()).isEqualTo(302);
        String authorize = launched.headers().firstValue("Location").orElseThrow();
        Map<String, String> asked = query(authorize);
        assertThat(asked)
                .containsEntry("response_type", "code")
                .containsEntry("client_id", "carechat")
                .containsEntry("launch", "chart-42")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("aud", fhir.baseUrl())
                .containsKeys("state", "code_challenge");
        String stateCookie = cookie(launched, LaunchController.COOKIE);
        assertThat(stateCookie).isEqualTo(asked.get("state"));

        String callback = get(authorize, null).headers().firstValue("Location").orElseThrow();
        HttpResponse<String> signedIn = get(callback, LaunchController.COOKIE + "=" + stateCookie);

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/#/patients/" + fay.id() + "/history");
        String session = cookie(signedIn, "__Host-carechat_session");
        HttpResponse<String> me = get(url("/api/v1/auth/me"), "__Host-carechat_session=" + session);
        assertThat(me.body()).contains(alice.id());
        String verifier = tokenRequestField("code_verifier");
        assertThat(SmartLaunch.challenge(verifier)).isEqualTo(asked.get("code_challenge"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = 'SIGN_IN' "
                                + "AND actor_id = ? AND outcome = 'success' AND details LIKE '%ehr_launch%'")
                        .params(org.id(), alice.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aCallbackFromAnotherBrowserOrAReplayedOneSignsNobodyIn() throws Exception {
        authorisationServer.nextTokenClaims("alice", Map.of("fhirUser", "Practitioner/pr-alice", "patient", "f1"));
        HttpResponse<String> launched = get(launchUrl(), null);
        String stateCookie = cookie(launched, LaunchController.COOKIE);
        String callback = get(launched.headers().firstValue("Location").orElseThrow(), null)
                .headers()
                .firstValue("Location")
                .orElseThrow();

        HttpResponse<String> elsewhere = get(callback, null);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("started in another browser");
        assertThat(get(callback, LaunchController.COOKIE + "=" + stateCookie).statusCode())
                .isEqualTo(302);
        HttpResponse<String> replayed = get(callback, LaunchController.COOKIE + "=" + stateCookie);
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.body()).contains("used already");
        assertThat(replayed.headers().allValues("Set-Cookie")).noneMatch(c -> c.contains("carechat_session"));
    }

    @Test
    void aPractitionerWithNoStaffAccountIsRefusedWithAReason() throws Exception {
        authorisationServer.nextTokenClaims("zed", Map.of("fhirUser", "Practitioner/pr-nobody", "patient", "f1"));
        HttpResponse<String> launched = get(launchUrl(), null);
        String stateCookie = cookie(launched, LaunchController.COOKIE);
        String callback = get(launched.headers().firstValue("Location").orElseThrow(), null)
                .headers()
                .firstValue("Location")
                .orElseThrow();

        HttpResponse<String> refused = get(callback, LaunchController.COOKIE + "=" + stateCookie);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("No active CareChat staff account matches you");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = 'SIGN_IN' "
                                + "AND outcome = 'refused' AND details LIKE '%no_account%'")
                        .param(org.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aLaunchFromAFhirServerNoOrganisationIsConnectedToIsRefused() throws Exception {
        long launchesBefore =
                jdbc.sql("SELECT COUNT(*) FROM fhir_launch").query(Long.class).single();
        HttpResponse<String> unknown = get(
                url("/api/v1/public/fhir/launch?launch=x&iss="
                        + URLEncoder.encode("https://ehr.elsewhere.example/fhir", StandardCharsets.UTF_8)),
                null);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM fhir_launch")
                        .query(Long.class)
                        .single())
                .isEqualTo(launchesBefore);
    }

    @Test
    void aTokenEndpointLeftEmptyIsDiscoveredFromTheSmartConfiguration() {
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", true);
        body.put("baseUrl", fhir.baseUrl());
        body.put("tokenUrl", "");
        body.put("clientId", "carechat");
        body.put("scopes", "system/Patient.read");
        body.put("syncIntervalSeconds", 300);
        assertThat(call(admin, "PUT", "/api/v1/orgs/current/fhir", body).status())
                .isEqualTo(200);

        var check = post(admin, "/api/v1/orgs/current/fhir/check", null);

        assertThat(check.json().path("ok").asBoolean()).as(check.text()).isTrue();
    }

    private String launchUrl() {
        return url("/api/v1/public/fhir/launch?launch=chart-42&iss="
                + URLEncoder.encode(fhir.baseUrl(), StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie set"));
    }

    private static Map<String, String> query(String url) {
        String query = URI.create(url).getRawQuery();
        return Arrays.stream(query.split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(
                        p -> p[0], p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8)));
    }

    /** A field of the authorisation-code token request the authorisation server received. */
    private static String tokenRequestField(String field) {
        for (RecordedRequest r = authorisationServer.takeRequestNow();
                r != null;
                r = authorisationServer.takeRequestNow()) {
            String body = r.getBody().readUtf8();
            if (body.contains("grant_type=authorization_code")) {
                return query("http://x/?" + body).get(field);
            }
        }
        throw new AssertionError("no authorisation-code token request");
    }
}
