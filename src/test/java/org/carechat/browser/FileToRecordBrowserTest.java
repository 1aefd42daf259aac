package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.carechat.fhir.EhrPatients;
import org.carechat.fhir.EhrTokenServer;
import org.carechat.fhir.FhirTestServer;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "File to record" in the staff app: an owner of a conversation about a patient from the EHR asks for it to be filed,
 * is told it is on its way, and sees the note the EHR worker's {@code filed} entry makes.
 */
class FileToRecordBrowserTest extends BrowserTest {

    private static EhrTokenServer tokenServer;
    private static FhirTestServer fhir;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Timeline timeline;

    @BeforeAll
    static void startEhr() {
        tokenServer = new EhrTokenServer();
        fhir = new FhirTestServer(new EhrPatients());
    }

    @AfterAll
    static void stopEhr() {
        fhir.close();
        tokenServer.close();
    }

    @Test
    void anOwnerFilesAConversationToTheRecordAndSeesTheFiledNote() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person alice = person(org, Role.NURSE, "Alice Adams");
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", true);
        body.put("baseUrl", fhir.baseUrl());
        body.put("tokenUrl", tokenServer.tokenUrl());
        body.put("clientId", "carechat-backend");
        body.put("scopes", "system/Patient.read system/Communication.write");
        body.put("syncIntervalSeconds", 300);
        assertThat(call(admin.staff(), "PUT", "/api/v1/orgs/current/fhir", body).status())
                .isEqualTo(200);
        Patient patient = patientRecord(org, "Fay", "Ling", "1950-01-02", null, null);
        // As the directory sync leaves it (DirectorySyncScenarios proves the sync): the record is EHR patient f1.
        jdbc.sql("INSERT INTO fhir_patient (org_id, fhir_id, patient_id, version_id, status, merged_into, synced_at) "
                        + "VALUES (?, 'f1', ?, '1', 'active', NULL, 0)")
                .params(org.id(), patient.id())
                .update();
        String conversation = conversation(alice, "Ward round", patient, admin);
        send(alice, conversation, "Obs stable");
        signIn(alicesBrowser, alice);
        alicesBrowser.open(base() + "/#/c/" + conversation);

        alicesBrowser.click(By.cssSelector(".thread-actions .file-to-record"));

        alicesBrowser.waitForText(By.cssSelector(".thread-actions .file-outcome"), "Filing to the record");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM fhir_filing WHERE conversation_id = ?")
                        .param(conversation)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertAccessible(alicesBrowser, "a thread with the File to record action");

        transactions.run(() -> timeline.append(
                org.id(),
                conversation,
                alice.id(),
                EntryKind.FILED,
                Map.of("upToSeq", 2, "messages", 1, "requestedBy", alice.id())));
        alicesBrowser.waitForText(By.cssSelector("li.system"), "Alice Adams filed 1 message to the health record");
    }

    @Test
    void aFilingAsADocumentNamesTheEhrResourceInTheThread() {
        Organisation org = newOrg();
        Person alice = person(org, Role.NURSE, "Alice Adams");
        Person bob = person(org, Role.CLINICIAN, "Bob Brown");
        Patient patient = patientRecord(org, "Fay", "Ling", "1950-01-02", null, null);
        String conversation = conversation(alice, "Ward round", patient, bob);
        send(alice, conversation, "Obs stable");
        // As the EHR worker leaves it in document mode (FilingScenarios proves the filing itself).
        transactions.run(() -> timeline.append(
                org.id(),
                conversation,
                alice.id(),
                EntryKind.FILED,
                Map.of("upToSeq", 2, "messages", 1, "requestedBy", alice.id(), "resource", "DocumentReference/doc-7")));
        signIn(alicesBrowser, alice);
        alicesBrowser.phone();
        alicesBrowser.open(base() + "/#/c/" + conversation);

        alicesBrowser.waitForText(
                By.cssSelector("li.system"),
                "Alice Adams filed 1 message to the health record as DocumentReference/doc-7");
        assertAccessible(alicesBrowser, "a thread with a filed document's note on a phone");
    }
}
