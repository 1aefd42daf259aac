package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechat.fhir.EhrTokenServer;
import org.carechat.fhir.FhirTestServer;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SMART App Launch from the patient's chart: the EHR opens CareChat's launch URL with {@code iss} and {@code launch};
 * CareChat discovers the EHR's authorisation server, completes the authorisation code flow with PKCE against it (a
 * real mock-oauth2-server), signs the clinician in by the practitioner its ID token names, and the staff app opens
 * that patient's conversation history — in Chromium, with no CareChat sign-in page on the way.
 */
class EhrLaunchBrowserTest extends BrowserTest {

    private static EhrTokenServer authorisationServer;
    private static FhirTestServer fhir;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void startEhr() {
        authorisationServer = new EhrTokenServer();
        fhir = new FhirTestServer();
        fhir.smartConfiguration(authorisationServer.smartConfiguration());
    }

    @AfterAll
    static void stopEhr() {
        fhir.close();
        authorisationServer.close();
    }

    @Test
    void aLaunchFromThePatientsChartSignsTheClinicianInAndOpensThePatientsHistory() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person alice = person(org, Role.CLINICIAN, "Alice Adams");
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", true);
        body.put("baseUrl", fhir.baseUrl());
        body.put("tokenUrl", authorisationServer.tokenUrl());
        body.put("clientId", "carechat");
        body.put("scopes", "system/Patient.read");
        body.put("syncIntervalSeconds", 300);
        assertThat(call(admin.staff(), "PUT", "/api/v1/orgs/current/fhir", body).status())
                .isEqualTo(200);
        Patient fay = patient(admin, "MRN-FAY-9", "Fay", "Ling");
        // As the directory and care-team syncs leave them: record = EHR patient f1, Alice = EHR practitioner pr-alice.
        jdbc.sql("INSERT INTO fhir_patient (org_id, fhir_id, patient_id, version_id, status, merged_into, synced_at) "
                        + "VALUES (?, 'f1', ?, '1', 'active', NULL, 0)")
                .params(org.id(), fay.id())
                .update();
        jdbc.sql("INSERT INTO fhir_practitioner (org_id, fhir_id, user_id, matched_by, synced_at) "
                        + "VALUES (?, 'pr-alice', ?, 'email', 0)")
                .params(org.id(), alice.id())
                .update();
        conversation(alice, "Your knee exercises", fay, admin);
        authorisationServer.nextTokenClaims("alice", Map.of("fhirUser", "Practitioner/pr-alice", "patient", "f1"));

        alicesBrowser.open(base() + "/api/v1/public/fhir/launch?iss="
                + URLEncoder.encode(fhir.baseUrl(), StandardCharsets.UTF_8) + "&launch=chart-42");

        alicesBrowser.waitForText(By.cssSelector(".console-title"), "Conversations about Fay Ling");
        List<String> titles = alicesBrowser.all(By.cssSelector(".history-item .history-title")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(titles).containsExactly("Your knee exercises");
        assertThat(alicesBrowser.find(By.cssSelector(".topbar .me")).getText()).isEqualTo("Alice Adams");
        assertAccessible(alicesBrowser, "the patient's history opened by an EHR launch");
    }
}
