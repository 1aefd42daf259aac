package org.carechat.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.carechat.timeline.TimelineEntry;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "File to record" (issue #17): a patient conversation filed to the EHR as one Communication per message, through the
 * EHR worker, conditionally created so that filing twice — or retrying after the EHR was down — files each once.
 */
@Timeout(120)
abstract class FilingScenarios extends ServerTest {

    static EhrTokenServer tokenServer;
    static EhrPatients patients;
    static EhrCommunications communications;
    static EhrDocuments documents;
    static FhirTestServer fhir;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FhirWorker worker;

    @Autowired
    Timeline timeline;

    Organisation org;
    Staff admin;
    Staff nurse;
    Staff doctor;

    @BeforeAll
    static void startEhr() {
        tokenServer = new EhrTokenServer();
        patients = new EhrPatients();
        communications = new EhrCommunications();
        documents = new EhrDocuments();
        fhir = new FhirTestServer(patients, communications, documents);
    }

    @AfterAll
    static void stopEhr() {
        fhir.close();
        tokenServer.close();
    }

    @BeforeEach
    void setUp() {
        patients.records.clear();
        communications.records.clear();
        communications.down = false;
        documents.records.clear();
        documents.down = false;
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        nurse = newStaff(org, Role.NURSE, "Nora Nurse");
        doctor = newStaff(org, Role.CLINICIAN, "Doc Tor");
        assertThat(call(admin, "PUT", "/api/v1/orgs/current/fhir", connection(null, "system/Communication.write"))
                        .status())
                .isEqualTo(200);
        patients.put(DirectorySyncScenarios.patient("f1", "F1", "Fay", "Ling"), 1, 1_700_000_000_000L);
        assertThat(worker.pass(org.id()).state()).isEqualTo("ok");
    }

    Map<String, Object> connection(String fileAs, String writeScope) {
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", true);
        body.put("baseUrl", fhir.baseUrl());
        body.put("tokenUrl", tokenServer.tokenUrl());
        body.put("clientId", "carechat-backend");
        body.put("scopes", "system/Patient.read " + writeScope);
        body.put("syncIntervalSeconds", 300);
        if (fileAs != null) {
            body.put("fileAs", fileAs);
        }
        return body;
    }

    String conversationAbout(String fhirPatientId) {
        String record = fhirPatientId == null
                ? null
                : jdbc.sql("SELECT patient_id FROM fhir_patient WHERE org_id = ? AND fhir_id = ?")
                        .params(org.id(), fhirPatientId)
                        .query(String.class)
                        .single();
        return conversations
                .create(
                        asCurrent(nurse),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Bay 4",
                                record,
                                true,
                                List.of(admin.id(), doctor.id()),
                                null))
                .id();
    }

    List<TimelineEntry> filedEntries(String conversationId) {
        return timeline.ofKinds(org.id(), conversationId, Set.of(EntryKind.FILED), 10);
    }

    long waiting() {
        return jdbc.sql("SELECT COUNT(*) FROM fhir_filing WHERE org_id = ?")
                .param(org.id())
                .query(Long.class)
                .single();
    }

    @Test
    void filingTwiceFilesOneCommunicationPerMessage() {
        String c = conversationAbout("f1");
        sendText(nurse, c, "BP 120/80");
        sendText(doctor, c, "Start the new dose");

        var first = post(nurse, "/api/v1/conversations/" + c + "/file", null);
        worker.pass(org.id());
        var second = post(nurse, "/api/v1/conversations/" + c + "/file", null);
        SyncState after = worker.pass(org.id());

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(after.state()).as(after.lastError()).isEqualTo("ok");
        assertThat(communications.records).hasSize(2);
        assertThat(communications.records.values())
                .extracting(
                        comm -> comm.getPayloadFirstRep().getContentStringType().getValue())
                .containsExactlyInAnyOrder("BP 120/80", "Start the new dose");
        Communication one = communications.records.values().iterator().next();
        assertThat(one.getSubject().getReference()).isEqualTo("Patient/f1");
        assertThat(one.getIdentifierFirstRep().getSystem()).isEqualTo(FilingStep.MESSAGE_SYSTEM);
        assertThat(one.hasSent()).isTrue();
        assertThat(one.getSender().getDisplay()).isIn("Nora Nurse", "Doc Tor");
        assertThat(filedEntries(c)).hasSize(2);
        assertThat(filedEntries(c).getFirst().meta()).containsEntry("messages", 2);
        assertThat(waiting()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'CONVERSATION_FILING_REQUESTED' "
                                + "AND outcome = 'success' AND actor_id = ? AND conversation_id = ?")
                        .params(nurse.id(), c)
                        .query(Long.class)
                        .single())
                .as("each request audited")
                .isEqualTo(2);
    }

    @Test
    void aSenderMatchedToAnEhrPractitionerIsFiledAsThatPractitioner() {
        // As the care-team sync leaves it: Nora's account is EHR practitioner pr-nora; the doctor has none.
        jdbc.sql("INSERT INTO fhir_practitioner (org_id, fhir_id, user_id, matched_by, synced_at) "
                        + "VALUES (?, 'pr-nora', ?, 'email', 0)")
                .params(org.id(), nurse.id())
                .update();
        String c = conversationAbout("f1");
        sendText(nurse, c, "Obs stable");
        sendText(doctor, c, "Thanks");

        post(nurse, "/api/v1/conversations/" + c + "/file", null);
        worker.pass(org.id());

        Map<String, Reference> senders = new HashMap<>();
        communications
                .records
                .values()
                .forEach(comm -> senders.put(
                        comm.getPayloadFirstRep().getContentStringType().getValue(), comm.getSender()));
        assertThat(senders.get("Obs stable").getReference()).isEqualTo("Practitioner/pr-nora");
        assertThat(senders.get("Obs stable").getDisplay()).isEqualTo("Nora Nurse");
        assertThat(senders.get("Thanks").hasReference()).isFalse();
        assertThat(senders.get("Thanks").getDisplay()).isEqualTo("Doc Tor");
    }

    @Test
    void whileTheEhrIsDownTheRequestWaitsAndIsFiledOnceWhenItIsBack() {
        String c = conversationAbout("f1");
        sendText(nurse, c, "Wound dressed");
        communications.down = true;

        var asked = post(nurse, "/api/v1/conversations/" + c + "/file", null);
        SyncState failing = worker.pass(org.id());
        communications.down = false;
        documents.records.clear();
        documents.down = false;
        SyncState back = worker.pass(org.id());
        worker.pass(org.id());

        assertThat(asked.status()).as("answered although the EHR is down").isEqualTo(202);
        assertThat(failing.state()).isEqualTo("failing");
        assertThat(failing.lastError()).contains("filing");
        assertThat(failing.nextAttemptAt()).isGreaterThan(failing.lastAttemptAt());
        assertThat(back.state()).isEqualTo("ok");
        assertThat(communications.records).hasSize(1);
        assertThat(filedEntries(c)).hasSize(1);
        assertThat(waiting()).isZero();
    }

    @Test
    void aMemberWhoIsNotAnOwnerCannotFileAndNothingIsRecorded() {
        String c = conversationAbout("f1");

        var refused = post(doctor, "/api/v1/conversations/" + c + "/file", null);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(waiting()).isZero();
    }

    @Test
    void aConversationAboutNoPatientFromTheEhrIsRefusedWithAReason() {
        String c = conversationAbout(null);

        var refused = post(nurse, "/api/v1/conversations/" + c + "/file", null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains("not about a patient from the EHR");
        assertThat(waiting()).isZero();
    }

    @Test
    void filingAsADocumentWritesOneDocumentReferenceWithAPdfTranscriptAndNamesItInTheThread() throws Exception {
        assertThat(call(admin, "PUT", "/api/v1/orgs/current/fhir", connection("document", "system/DocumentReference.c"))
                        .status())
                .isEqualTo(200);
        jdbc.sql("INSERT INTO fhir_practitioner (org_id, fhir_id, user_id, matched_by, synced_at) "
                        + "VALUES (?, 'pr-nora', ?, 'email', 0)")
                .params(org.id(), nurse.id())
                .update();
        String c = conversationAbout("f1");
        sendText(nurse, c, "BP 120/80");
        sendText(doctor, c, "Start the new dose");

        var first = post(nurse, "/api/v1/conversations/" + c + "/file", null);
        SyncState done = worker.pass(org.id());
        var second = post(nurse, "/api/v1/conversations/" + c + "/file", null);
        worker.pass(org.id());

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(done.state()).as(done.lastError()).isEqualTo("ok");
        assertThat(communications.records)
                .as("no Communications in document mode")
                .isEmpty();
        assertThat(documents.records)
                .as("filed twice with nothing new: one document")
                .hasSize(1);
        var document = documents.records.values().iterator().next();
        assertThat(document.getSubject().getReference()).isEqualTo("Patient/f1");
        assertThat(document.getIdentifierFirstRep().getSystem()).isEqualTo(DocumentFiling.FILING_SYSTEM);
        assertThat(document.getAuthorFirstRep().getReference()).isEqualTo("Practitioner/pr-nora");
        assertThat(document.getAuthorFirstRep().getDisplay()).isEqualTo("Nora Nurse");
        assertThat(document.hasDate()).isTrue();
        var attachment = document.getContentFirstRep().getAttachment();
        assertThat(attachment.getContentType()).isEqualTo("application/pdf");
        try (var pdf = Loader.loadPDF(attachment.getData())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Nora Nurse: BP 120/80").contains("Doc Tor: Start the new dose");
        }
        List<TimelineEntry> filed = filedEntries(c);
        assertThat(filed).hasSize(2);
        assertThat(filed)
                .allSatisfy(e -> assertThat(e.meta())
                        .containsEntry(
                                "resource",
                                "DocumentReference/" + document.getIdElement().getIdPart()));
    }

    @Test
    void documentFilingWithoutTheDocumentReferenceScopeIsRefusedWithTheScopeToAskFor() {
        assertThat(call(admin, "PUT", "/api/v1/orgs/current/fhir", connection("document", "system/Communication.write"))
                        .status())
                .isEqualTo(200);
        String c = conversationAbout("f1");

        var refused = post(nurse, "/api/v1/conversations/" + c + "/file", null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains("system/DocumentReference.write");
        assertThat(waiting()).isZero();
    }

    @Test
    void anUnknownWayToFileIsRefusedAndNothingChanges() {
        var refused = call(admin, "PUT", "/api/v1/orgs/current/fhir", connection("fax", "system/Communication.write"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("fileAs");
        assertThat(call(admin, "GET", "/api/v1/orgs/current/fhir", null).text())
                .contains("\"fileAs\":\"communications\"");
    }
}
