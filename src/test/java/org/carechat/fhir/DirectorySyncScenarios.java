package org.carechat.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.PatientService;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The patient directory from the EHR (issue #17, step 2): 5,000 patients read in pages into sealed CareChat records,
 * resumable and idempotent; then an update, a merge (Patient.link replaced-by) and a delete — against a real FHIR
 * server in-process.
 */
@Timeout(600)
abstract class DirectorySyncScenarios extends ServerTest {

    static final long T0 = 1_700_000_000_000L;

    static EhrTokenServer tokenServer;
    static EhrPatients ehr;
    static FhirTestServer fhir;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FhirWorker worker;

    @Autowired
    PatientService patientService;

    @Autowired
    java.time.Clock clock;

    Organisation org;
    Staff admin;

    @BeforeAll
    static void startEhr() {
        tokenServer = new EhrTokenServer();
        ehr = new EhrPatients();
        fhir = new FhirTestServer(ehr);
    }

    @AfterAll
    static void stopEhr() {
        fhir.close();
        tokenServer.close();
    }

    @BeforeEach
    void setUp() {
        ehr.records.clear();
        ehr.deleted.clear();
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", true);
        body.put("baseUrl", fhir.baseUrl());
        body.put("tokenUrl", tokenServer.tokenUrl());
        body.put("clientId", "carechat-backend");
        body.put("scopes", "system/Patient.read");
        body.put("syncIntervalSeconds", 300);
        assertThat(call(admin, "PUT", "/api/v1/orgs/current/fhir", body).status())
                .isEqualTo(200);
    }

    static Patient patient(String id, String mrn, String given, String family) {
        Patient p = new Patient();
        p.setId(id);
        p.addIdentifier()
                .setSystem("urn:oid:2.16.840.1.113883.19.5")
                .setValue(mrn)
                .getType()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/v2-0203")
                .setCode("MR");
        p.addName().setUse(HumanName.NameUse.OFFICIAL).addGiven(given).setFamily(family);
        p.setBirthDateElement(new DateType("1970-03-0" + (1 + Math.abs(id.hashCode()) % 9)));
        p.setGender(Enumerations.AdministrativeGender.UNKNOWN);
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(id + "@patients.example");
        return p;
    }

    long records() {
        return patientService.count(org.id());
    }

    String recordOf(String fhirId) {
        return jdbc.sql("SELECT patient_id FROM fhir_patient WHERE org_id = ? AND fhir_id = ?")
                .params(org.id(), fhirId)
                .query(String.class)
                .single();
    }

    String statusOf(String fhirId) {
        return jdbc.sql("SELECT status FROM fhir_patient WHERE org_id = ? AND fhir_id = ?")
                .params(org.id(), fhirId)
                .query(String.class)
                .single();
    }

    @Test
    void fiveThousandPatientsArriveInPagesAndAnUpdateAMergeAndADeleteFollow() {
        IntStream.range(0, 5_000)
                .forEach(i -> ehr.put(patient("p" + i, "MRN" + i, "Given" + i, "Family" + i), 1, T0 + i));

        SyncState first = worker.pass(org.id());

        assertThat(first.state()).as(first.lastError()).isEqualTo("ok");
        assertThat(records()).isEqualTo(5_000);
        var p42 = patientService.require(org.id(), recordOf("p42"));
        assertThat(p42.mrn()).isEqualTo("MRN42");
        assertThat(p42.familyName()).isEqualTo("Family42");
        assertThat(p42.email()).isEqualTo("p42@patients.example");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = 'PATIENTS_IMPORTED'")
                        .param(org.id())
                        .query(Long.class)
                        .single())
                .as("one audit row per page of 500")
                .isEqualTo(10);

        ehr.put(patient("p42", "MRN42", "Given42", "Renamed"), 2, T0 + 10_000);
        Patient merged = patient("p7", "MRN7", "Given7", "Family7");
        merged.setActive(false);
        merged.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/p7-new"));
        String recordOfP7 = recordOf("p7");
        ehr.put(merged, 2, T0 + 10_001);
        ehr.put(patient("p7-new", "MRN7", "Given7", "Merged"), 1, T0 + 10_002);
        ehr.delete("p9", clock.millis());

        SyncState second = worker.pass(org.id());

        assertThat(second.state()).as(second.lastError()).isEqualTo("ok");
        assertThat(records()).as("no record is duplicated").isEqualTo(5_000);
        assertThat(patientService.require(org.id(), recordOf("p42")).familyName())
                .isEqualTo("Renamed");
        assertThat(recordOf("p7-new"))
                .as("the survivor takes the merged patient's record")
                .isEqualTo(recordOfP7);
        assertThat(patientService.require(org.id(), recordOfP7).familyName()).isEqualTo("Merged");
        assertThat(statusOf("p7")).isEqualTo("merged");
        assertThat(statusOf("p9")).isEqualTo("deleted");
    }

    @Test
    void aPassReadingTheSameVersionsAgainWritesNothingAndAStoppedPassResumesAfterItsLastPage() {
        IntStream.range(0, 1_200).forEach(i -> ehr.put(patient("r" + i, "R" + i, "Given", "Family"), 1, T0 + i));
        worker.pass(org.id());
        long position = jdbc.sql("SELECT position FROM fhir_cursor WHERE org_id = ? AND feed = 'patients'")
                .param(org.id())
                .query(Long.class)
                .single();
        int searchesBefore = ehr.searches.get();

        worker.pass(org.id());

        assertThat(position).isEqualTo(T0 + 1_199);
        assertThat(records()).isEqualTo(1_200);
        assertThat(ehr.searches.get() - searchesBefore)
                .as("the second pass starts at the last position, one short page")
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = 'PATIENTS_IMPORTED'")
                        .param(org.id())
                        .query(Long.class)
                        .single())
                .as("three pages stored; the page read again stored nothing")
                .isEqualTo(3);
    }

    @Test
    void aMergeOfTwoPatientsWhoBothHaveRecordsMovesTheMergedOnesConversationsToTheSurvivor() {
        ehr.put(patient("m1", "MRN-M1", "Ann", "Old"), 1, T0);
        ehr.put(patient("m2", "MRN-M2", "Ann", "New"), 1, T0 + 1);
        worker.pass(org.id());
        String ward = conversations
                .create(
                        asCurrent(admin),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Bay 2",
                                recordOf("m1"),
                                true,
                                List.of(newStaff(org, Role.NURSE, "Nora Nurse").id()),
                                null))
                .id();
        Patient merged = patient("m1", "MRN-M1", "Ann", "Old");
        merged.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/m2"));
        ehr.put(merged, 2, T0 + 2);

        SyncState state = worker.pass(org.id());

        assertThat(state.state()).as(state.lastError()).isEqualTo("ok");
        assertThat(conversations.find(org.id(), ward).orElseThrow().patientId()).isEqualTo(recordOf("m2"));
        assertThat(statusOf("m1")).isEqualTo("merged");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = 'CONVERSATION_UPDATED' "
                                + "AND conversation_id = ? AND patient_id = ?")
                        .params(org.id(), ward, recordOf("m2"))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aPatientWithoutABirthDateIsLeftOutAndTheRestAreStored() {
        Patient incomplete = patient("x1", "X1", "No", "Birthdate");
        incomplete.setBirthDate(null);
        ehr.put(incomplete, 1, T0);
        ehr.put(patient("x2", "X2", "Has", "Birthdate"), 1, T0 + 1);

        SyncState state = worker.pass(org.id());

        assertThat(state.state()).isEqualTo("ok");
        assertThat(records()).isEqualTo(1);
        assertThat(statusOf("x1")).isEqualTo("left_out");
    }

    /**
     * The EHR is an upstream, never a dependency of sending: while the worker waits on a FHIR server that does not
     * answer, staff keep sending, each send acknowledged within the bound, on both databases (on SQLite a sync that
     * held the one write lock while waiting would stall every send).
     */
    @Test
    void sendsStayFastWhileTheFhirServerHangs() throws Exception {
        IntStream.range(0, 600).forEach(i -> ehr.put(patient("h" + i, "H" + i, "Given", "Family"), 1, T0 + i));
        Staff nurse = newStaff(org, Role.NURSE, "Nora Nurse");
        Staff doctor = newStaff(org, Role.CLINICIAN, "Dan Doctor");
        String conversation = direct(nurse, doctor);
        sendText(nurse, conversation, "warm-up");
        ehr.hang();
        int searchesBefore = ehr.searches.get();
        var pass = java.util.concurrent.CompletableFuture.supplyAsync(() -> worker.pass(org.id()));
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> ehr.searches.get() > searchesBefore);

        long slowest = 0;
        for (int i = 0; i < 30; i++) {
            long start = System.nanoTime();
            sendText(i % 2 == 0 ? nurse : doctor, conversation, "while the EHR hangs " + i);
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        boolean stillWaiting = !pass.isDone();
        ehr.release();

        assertThat(stillWaiting)
                .as("the sync was waiting on the EHR throughout")
                .isTrue();
        assertThat(java.time.Duration.ofNanos(slowest))
                .as("the slowest of 30 sends while the EHR hung")
                .isLessThan(java.time.Duration.ofSeconds(2));
        assertThat(pass.get(60, java.util.concurrent.TimeUnit.SECONDS).state()).isEqualTo("ok");
        assertThat(records()).isEqualTo(600);
    }
}
