package org.carechat.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.carechat.audit.AuditVerifier;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A patient's export holds all that is theirs and nothing of another's; their erasure leaves nothing readable. */
abstract class PatientRightsScenarios extends ServerTest {

    static final String PIA_MOBILE = "+447412900123";
    static final String PIA_EMAIL = "pia.export@example.org";
    static final String QUINN_MOBILE = "+447412900987";
    static final String QUINN_EMAIL = "quinn.other@example.org";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditVerifier auditVerifier;

    @Autowired
    org.carechat.system.CareChatProperties properties;

    Organisation org;
    Staff admin;
    Staff alice;
    Patient pia;
    Staff piaAccount;
    Patient quinn;
    Staff quinnAccount;

    @BeforeEach
    void setUp() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        alice = newStaff(org, Role.NURSE, "Alice Nurse");
        pia = patientRecord(org, "Pia", "Exportwell", "1971-03-04", PIA_MOBILE, PIA_EMAIL);
        quinn = patientRecord(org, "Quinn", "Otherbody", "1982-05-06", QUINN_MOBILE, QUINN_EMAIL);
        piaAccount = patientAccount(pia);
        quinnAccount = patientAccount(quinn);
    }

    @Test
    void anExportHoldsEveryTextAndFileOfThePatientAndEveryAccessRowAndNothingOfAnotherPatient() throws Exception {
        String piaCare = withPatient(pia, "Pia's wound care");
        sendText(alice, piaCare, "Your wound results are back");
        sendText(piaAccount, piaCare, "Thank you, it hurts less today");
        byte[] image = RetentionPurgeScenarios.png();
        String attachment = upload(alice, piaCare, image);
        sendWithAttachment(alice, piaCare, "Photo of the dressing", attachment);
        String quinnCare = withPatient(quinn, "Quinn's diabetes review");
        sendText(alice, quinnCare, "Quinn-only glucose figures");
        String shared = conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.MIXED,
                                "Support group",
                                quinn.id(),
                                true,
                                List.of(piaAccount.id()),
                                null))
                .id();
        sendText(piaAccount, shared, "Pia in the group");
        sendText(quinnAccount, shared, "Quinn's private worry");
        assertThat(get(alice, "/api/v1/patients/" + pia.id()).status()).isEqualTo(200);
        List<String> accessRows = auditIdsAbout(pia.id());

        Map<String, byte[]> zip = unzip(exportOf(pia).body());

        JsonNode archive = JSON.readTree(zip.get("patient.json"));
        assertThat(archive.get("patient").get("mobile").asString()).isEqualTo(PIA_MOBILE);
        assertThat(texts(archive))
                .contains(
                        "Your wound results are back",
                        "Thank you, it hurts less today",
                        "Photo of the dressing",
                        "Pia in the group");
        assertThat(accessIds(archive)).containsAll(accessRows);
        String filePath = archive.findValues("path").getFirst().asString();
        var exported = javax.imageio.ImageIO.read(new ByteArrayInputStream(zip.get(filePath)));
        assertThat(exported.getWidth())
                .as("the image as stored (re-encoded on upload)")
                .isEqualTo(32);
        assertThat(exported.getRGB(3, 4) & 0xffffff).isEqualTo(0xff0000);
        try (var pdf = Loader.loadPDF(zip.get("patient.pdf"))) {
            assertThat(new PDFTextStripper().getText(pdf))
                    .contains("Pia Exportwell", "Your wound results are back", "Pia in the group");
        }
        String raw = everyEntryAsText(zip);
        assertThat(raw)
                .doesNotContain("Quinn", "Otherbody", QUINN_MOBILE, QUINN_EMAIL, quinn.mrn(), "1982-05-06")
                .doesNotContain("glucose", "private worry", quinnCare);
    }

    @Test
    void onlyAnAdminExportsAndTheExportIsAudited() {
        assertThat(get(alice, "/api/v1/patients/" + pia.id() + "/export").status())
                .isEqualTo(403);
        assertThat(get(admin, "/api/v1/patients/" + UUID.randomUUID() + "/export")
                        .status())
                .isEqualTo(404);
        assertThat(exportOf(pia).statusCode()).isEqualTo(200);
        assertThat(countAudit("PATIENT_EXPORTED", "success")).isEqualTo(1);
    }

    @Test
    void anErasureUnderAHoldIsRefusedNamingTheHoldAndChangesNothing() {
        String piaCare = withPatient(pia, "Pia's wound care");
        sendText(piaAccount, piaCare, "Still here");
        Response held = post(
                admin,
                "/api/v1/retention/holds",
                Map.of("targetType", "conversation", "targetId", piaCare, "reason", "Complaint 77"));
        String holdId = held.string("id");

        Response refused = erase(pia, "Erasure request 12");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.string("detail")).contains("legal hold " + holdId, "conversation " + piaCare);
        assertThat(purgedAt(piaCare)).isNull();
        assertThat(get(admin, "/api/v1/patients/" + pia.id()).string("familyName"))
                .isEqualTo("Exportwell");
        assertThat(get(piaAccount, "/api/v1/conversations").status()).isEqualTo(200);
        assertThat(countAudit("PATIENT_ERASED", "refused")).isEqualTo(1);
    }

    @Test
    void anErasureLeavesNoNameContactOrTextOfThePatientReadable() throws Exception {
        String piaCare = withPatient(pia, "Pia's wound care");
        sendText(piaAccount, piaCare, "My leg is swollen again");
        String attachment = upload(alice, piaCare, RetentionPurgeScenarios.png());
        sendWithAttachment(alice, piaCare, "Photo of the dressing", attachment);
        String shared = conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.MIXED,
                                "Support group",
                                quinn.id(),
                                true,
                                List.of(piaAccount.id()),
                                null))
                .id();
        sendText(piaAccount, shared, "Pia's words in the group");
        sendText(quinnAccount, shared, "Quinn stays readable");
        String mrn = pia.mrn();

        Response erased = erase(pia, "Erasure request 12");

        assertThat(erased.status()).as(erased.text()).isEqualTo(200);
        assertThat(erased.json().get("shreddedConversationIds").get(0).asString())
                .isEqualTo(piaCare);
        assertThat(erased.json().get("textsErasedInConversationIds").get(0).asString())
                .isEqualTo(shared);
        assertThat(purgedAt(piaCare)).isNotNull();
        assertThat(keysetsOf(piaCare)).as("crypto-shredded").isZero();
        assertThat(attachmentRows(attachment)).isZero();
        assertThat(get(piaAccount, "/api/v1/conversations").status())
                .as("signed out")
                .isEqualTo(401);
        assertThat(texts(get(alice, "/api/v1/conversations/" + shared + "/messages")
                        .json()))
                .contains("Quinn stays readable")
                .doesNotContain("Pia's words in the group");
        for (String q : List.of("Pia", "Exportwell", PIA_MOBILE, PIA_EMAIL, mrn)) {
            assertThat(post(admin, "/api/v1/patients/search", Map.of("q", q))
                            .json()
                            .size())
                    .as("found by " + q)
                    .isZero();
        }
        String everythingLeft = everyEntryAsText(unzip(exportOf(pia).body()));
        assertThat(everythingLeft)
                .doesNotContain("Pia", "Exportwell", PIA_MOBILE, PIA_EMAIL, mrn, "1971-03-04")
                .doesNotContain("swollen", "Photo of the dressing", "Pia's words");
        assertThat(auditDetailsOf("PATIENT_ERASED")).contains(piaCare, shared);
        assertThat(auditVerifier.verify(org.id()).intact()).isTrue();
    }

    @Test
    void theirContactRequestsAreExportedAndTheirErasureForgetsWhoRaisedThemAndShredsTheirThreads() throws Exception {
        String reason = contactReason();
        String inApp = post(
                        piaAccount, "/api/v1/contact-requests", Map.of("reasonId", reason, "text", "My repeat ran out"))
                .string("id");
        assertThat(inApp).isNotNull();
        contactForm("Pia", "Exportwell", "1971-03-04", PIA_MOBILE, reason, "Call me about the dressing");
        contactForm("Quinn", "Otherbody", "1982-05-06", QUINN_MOBILE, reason, "Quinn's own question");
        List<String> piaRequests = contactRequestsFound(PIA_MOBILE).stream()
                .filter(id -> !id.equals(inApp))
                .toList();
        assertThat(piaRequests).as("the form's request").hasSize(1);

        JsonNode archive = JSON.readTree(unzip(exportOf(pia).body()).get("patient.json"));

        assertThat(archive.get("contactRequests").findValuesAsString("id"))
                .containsExactlyInAnyOrder(inApp, piaRequests.getFirst());
        assertThat(archive.get("contactRequests").findValuesAsString("mobile")).contains(PIA_MOBILE);
        assertThat(texts(archive)).contains("My repeat ran out", "Call me about the dressing");
        assertThat(archive.toString()).doesNotContain("Quinn", QUINN_MOBILE, "own question");

        Response erased = erase(pia, "Erasure request 12");

        assertThat(erased.status()).as(erased.text()).isEqualTo(200);
        for (String q : List.of(PIA_MOBILE, "Exportwell", "pia")) {
            assertThat(contactRequestsFound(q)).as("found by " + q).isEmpty();
        }
        assertThat(contactRequestsFound(QUINN_MOBILE)).hasSize(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_request WHERE id IN (:ids) AND (details IS NOT NULL "
                                + "OR mobile IS NOT NULL OR mobile_index IS NOT NULL OR EXISTS (SELECT 1 FROM "
                                + "contact_request_term t WHERE t.request_id = contact_request.id))")
                        .param("ids", List.of(inApp, piaRequests.getFirst()))
                        .query(Long.class)
                        .single())
                .as("nothing identifying left on their requests")
                .isZero();
        for (String thread : contactThreads(List.of(inApp, piaRequests.getFirst()))) {
            assertThat(purgedAt(thread)).isNotNull();
            assertThat(keysetsOf(thread)).as("crypto-shredded").isZero();
        }
        String everythingLeft = everyEntryAsText(unzip(exportOf(pia).body()));
        assertThat(everythingLeft).doesNotContain("Pia", "Exportwell", PIA_MOBILE, "repeat ran out", "the dressing");
        assertThat(auditDetailsOf("PATIENT_ERASED")).contains(inApp, piaRequests.getFirst());
    }

    @Test
    void inAConversationSharedWithAnotherPatientTheirFilesGoWithTheirBlobsAndATopicNamingThemIsReplaced()
            throws Exception {
        String linked = conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.MIXED,
                                "Pia Exportwell's family meeting",
                                pia.id(),
                                true,
                                List.of(quinnAccount.id()),
                                null))
                .id();
        String piaFile = upload(piaAccount, linked, RetentionPurgeScenarios.png());
        sendWithAttachment(piaAccount, linked, "My rash, photographed", piaFile);
        String quinnFile = upload(quinnAccount, linked, RetentionPurgeScenarios.png());
        sendWithAttachment(quinnAccount, linked, "Quinn's own photo", quinnFile);
        assertThat(blobsOf(piaFile)).as("stored before").isPositive();

        Response erased = erase(pia, "Erasure request 12");

        assertThat(erased.status()).as(erased.text()).isEqualTo(200);
        assertThat(erased.json().get("shreddedConversationIds").size())
                .as("shared: not shredded")
                .isZero();
        assertThat(attachmentRows(piaFile)).isZero();
        assertThat(blobsOf(piaFile)).isZero();
        assertThat(get(alice, "/api/v1/conversations/" + linked + "/attachments/" + piaFile)
                        .status())
                .isEqualTo(404);
        assertThat(get(alice, "/api/v1/conversations/" + linked + "/attachments/" + quinnFile)
                        .status())
                .isEqualTo(200);
        JsonNode messages =
                get(alice, "/api/v1/conversations/" + linked + "/messages").json();
        assertThat(texts(messages)).contains("Quinn's own photo").doesNotContain("My rash, photographed");
        assertThat(get(alice, "/api/v1/conversations/" + linked)
                        .json()
                        .get("conversation")
                        .get("topic")
                        .asString())
                .isEqualTo(PatientErasure.ERASED_TOPIC);
        assertThat(get(quinnAccount, "/api/v1/conversations/" + linked)
                        .json()
                        .get("conversation")
                        .get("topic")
                        .asString())
                .isEqualTo(PatientErasure.ERASED_TOPIC);
        assertThat(auditDetailsOf("PATIENT_ERASED")).contains(piaFile).doesNotContain(quinnFile);
        assertThat(countAudit("ATTACHMENT_DISCARDED", "success")).isEqualTo(1);
    }

    @Test
    void onlyAnAdminErasesAndAReasonIsRequired() {
        assertThat(erase(pia, "x", alice).status()).isEqualTo(403);
        Response noReason = post(admin, "/api/v1/patients/" + pia.id() + "/erase", Map.of("reason", " "));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(erase(quinn, "Request 1", admin).status()).isEqualTo(200);
        assertThat(get(admin, "/api/v1/patients/" + pia.id()).string("familyName"))
                .isEqualTo("Exportwell");
    }

    String contactReason() {
        Response set = call(
                admin,
                "PUT",
                "/api/v1/orgs/current/contact-settings",
                Map.of("acknowledgement", "", "closedAnswer", "", "reasons", List.of(Map.of("label", "Prescription"))));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        return set.json().get("reasons").get(0).get("id").asString();
    }

    void contactForm(String given, String family, String born, String mobile, String reason, String text) {
        Response r = post(
                null,
                "/api/v1/public/contact-form/" + org.id(),
                Map.of(
                        "givenName", given,
                        "familyName", family,
                        "birthDate", born,
                        "mobile", mobile,
                        "reasonId", reason,
                        "text", text));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
    }

    /** The ids of the requests the admin's queue search finds by {@code q}. */
    List<String> contactRequestsFound(String q) {
        Response r = post(admin, "/api/v1/contact-requests/queue", Map.of("q", q));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().valueStream().map(n -> n.get("id").asString()).toList();
    }

    List<String> contactThreads(List<String> requestIds) {
        return jdbc.sql("SELECT conversation_id FROM contact_request WHERE id IN (:ids)")
                .param("ids", requestIds)
                .query(String.class)
                .list();
    }

    String withPatient(Patient patient, String topic) {
        return conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.PATIENT,
                                topic,
                                patient.id(),
                                true,
                                List.of(),
                                null))
                .id();
    }

    Response erase(Patient patient, String reason) {
        return erase(patient, reason, admin);
    }

    Response erase(Patient patient, String reason, Staff as) {
        return post(as, "/api/v1/patients/" + patient.id() + "/erase", Map.of("reason", reason));
    }

    HttpResponse<byte[]> exportOf(Patient patient) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url("/api/v1/patients/" + patient.id() + "/export")))
                            .header("Authorization", "Bearer " + admin.token())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(entries).containsKeys("patient.json", "patient.pdf");
        return entries;
    }

    /** Every entry of the raw archive as text (the PDF's as extracted): what a reader of it could see. */
    static String everyEntryAsText(Map<String, byte[]> zip) throws IOException {
        StringBuilder all = new StringBuilder();
        for (var e : zip.entrySet()) {
            all.append(e.getKey()).append('\n');
            if (e.getKey().endsWith(".pdf")) {
                try (var pdf = Loader.loadPDF(e.getValue())) {
                    all.append(new PDFTextStripper().getText(pdf));
                }
            } else {
                all.append(new String(e.getValue(), StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        node.findValues("text").forEach(t -> texts.add(t.asString()));
        node.findValues("body").forEach(t -> texts.add(t.asString()));
        return texts;
    }

    static List<String> accessIds(JsonNode archive) {
        List<String> ids = new ArrayList<>();
        archive.get("accessLog").forEach(r -> ids.add(r.get("id").asString()));
        return ids;
    }

    List<String> auditIdsAbout(String patientId) {
        return jdbc.sql("SELECT id FROM audit_event WHERE org_id = ? AND patient_id = ?")
                .params(org.id(), patientId)
                .query(String.class)
                .list();
    }

    long countAudit(String type, String outcome) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = ? AND outcome = ?")
                .params(org.id(), type, outcome)
                .query(Long.class)
                .single();
    }

    String auditDetailsOf(String type) {
        return String.join(
                "\n",
                jdbc.sql("SELECT details FROM audit_event WHERE org_id = ? AND type = ? AND outcome = 'success'")
                        .params(org.id(), type)
                        .query(String.class)
                        .list());
    }

    Long purgedAt(String conversation) {
        return jdbc.sql("SELECT purged_at FROM conversation WHERE id = ?")
                .param(conversation)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    long keysetsOf(String conversation) {
        return jdbc.sql("SELECT COUNT(*) FROM conversation_key WHERE conversation_id = ?")
                .param(conversation)
                .query(Long.class)
                .single();
    }

    /** The attachment's blobs (content and thumbnail) in whichever store holds them: files, or the blob table. */
    long blobsOf(String attachmentId) throws IOException {
        long inTable = jdbc.sql("SELECT COUNT(*) FROM attachment_blob WHERE blob_key LIKE ?")
                .param(attachmentId + "%")
                .query(Long.class)
                .single();
        java.nio.file.Path directory = properties.resolvedAttachmentDirectory();
        if (!java.nio.file.Files.exists(directory)) {
            return inTable;
        }
        try (var files = java.nio.file.Files.walk(directory)) {
            return inTable
                    + files.filter(f -> f.getFileName().toString().startsWith(attachmentId))
                            .count();
        }
    }

    long attachmentRows(String attachment) {
        return jdbc.sql("SELECT COUNT(*) FROM attachment WHERE id = ?")
                .param(attachment)
                .query(Long.class)
                .single();
    }

    void sendWithAttachment(Staff from, String conversation, String body, String attachment) {
        Response sent = post(
                from,
                "/api/v1/conversations/" + conversation + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", body, "attachments", List.of(attachment)));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
    }

    String upload(Staff as, String conversation, byte[] content) {
        Response r =
                send(HttpRequest.newBuilder(URI.create(url("/api/v1/conversations/" + conversation + "/attachments")))
                        .header("Authorization", "Bearer " + as.token())
                        .header("Content-Type", "application/octet-stream")
                        .header("X-File-Name", "dressing.png")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                        .build());
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.string("id");
    }
}
