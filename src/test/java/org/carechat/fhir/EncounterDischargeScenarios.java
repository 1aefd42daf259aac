package org.carechat.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Discharges from the EHR (issue #17, step 3): an Encounter that ends raises retention's discharge for the patient's
 * record once — closing their ward conversations — however often it is read again.
 */
@Timeout(120)
abstract class EncounterDischargeScenarios extends ServerTest {

    static final long T0 = 1_700_000_000_000L;

    static EhrTokenServer tokenServer;
    static EhrPatients patients;
    static EhrEncounters encounters;
    static FhirTestServer fhir;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FhirWorker worker;

    Organisation org;
    Staff admin;
    Staff nurse;

    @BeforeAll
    static void startEhr() {
        tokenServer = new EhrTokenServer();
        patients = new EhrPatients();
        encounters = new EhrEncounters();
        fhir = new FhirTestServer(patients, encounters);
    }

    @AfterAll
    static void stopEhr() {
        fhir.close();
        tokenServer.close();
    }

    @BeforeEach
    void setUp() {
        patients.records.clear();
        encounters.records.clear();
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        nurse = newStaff(org, Role.NURSE, "Nora Nurse");
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", true);
        body.put("baseUrl", fhir.baseUrl());
        body.put("tokenUrl", tokenServer.tokenUrl());
        body.put("clientId", "carechat-backend");
        body.put("scopes", "system/Patient.read system/Encounter.read");
        body.put("syncIntervalSeconds", 300);
        assertThat(call(admin, "PUT", "/api/v1/orgs/current/fhir", body).status())
                .isEqualTo(200);
    }

    static Encounter stay(String id, String patientId, Encounter.EncounterStatus status) {
        Encounter e = new Encounter();
        e.setId(id);
        e.setStatus(status);
        e.setSubject(new Reference("Patient/" + patientId));
        return e;
    }

    String wardConversationAbout(String fhirPatientId) {
        String record = jdbc.sql("SELECT patient_id FROM fhir_patient WHERE org_id = ? AND fhir_id = ?")
                .params(org.id(), fhirPatientId)
                .query(String.class)
                .single();
        return conversations
                .create(
                        asCurrent(nurse),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Bay 3",
                                record,
                                true,
                                List.of(admin.id()),
                                null))
                .id();
    }

    Long dischargedAt(String conversationId) {
        return jdbc.sql("SELECT discharged_at FROM conversation WHERE id = ?")
                .param(conversationId)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    long dischargeAudits() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = 'PATIENT_DISCHARGED'")
                .param(org.id())
                .query(Long.class)
                .single();
    }

    @Test
    void anEncounterThatFinishesDischargesThePatientsWardConversationsOnce() {
        patients.put(DirectorySyncScenarios.patient("e1", "E1", "Dee", "Charged"), 1, T0);
        encounters.put(stay("stay1", "e1", Encounter.EncounterStatus.INPROGRESS), 1, T0 + 1);
        assertThat(worker.pass(org.id()).state()).isEqualTo("ok");
        String ward = wardConversationAbout("e1");
        assertThat(dischargedAt(ward)).as("still in hospital").isNull();

        encounters.put(stay("stay1", "e1", Encounter.EncounterStatus.FINISHED), 2, T0 + 2);
        SyncState discharged = worker.pass(org.id());
        encounters.put(stay("stay1", "e1", Encounter.EncounterStatus.FINISHED), 3, T0 + 3);
        worker.pass(org.id());

        assertThat(discharged.state()).as(discharged.lastError()).isEqualTo("ok");
        assertThat(dischargedAt(ward)).isNotNull();
        assertThat(dischargeAudits())
                .as("one discharge, however often the stay is read")
                .isEqualTo(1);
    }

    @Test
    void aDischargeDispositionEndsAStayEvenBeforeItsStatusSaysFinished() {
        patients.put(DirectorySyncScenarios.patient("e2", "E2", "Di", "Sposed"), 1, T0);
        worker.pass(org.id());
        String ward = wardConversationAbout("e2");
        Encounter leaving = stay("stay2", "e2", Encounter.EncounterStatus.INPROGRESS);
        leaving.getHospitalization().setDischargeDisposition(new CodeableConcept().setText("home"));
        encounters.put(leaving, 1, T0 + 5);

        worker.pass(org.id());

        assertThat(dischargedAt(ward)).isNotNull();
    }

    @Test
    void anEncounterOfAPatientCareChatDoesNotKnowChangesNothingAndTheSyncStaysWell() {
        encounters.put(stay("stay3", "unknown", Encounter.EncounterStatus.FINISHED), 1, T0);

        SyncState state = worker.pass(org.id());

        assertThat(state.state()).isEqualTo("ok");
        assertThat(dischargeAudits()).isZero();
    }
}
