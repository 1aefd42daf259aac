package org.carechat.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.hl7.fhir.r4.model.CareTeam;
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
 * Access from the record (issue #17): the patient's CareTeam in the EHR decides which staff see the patient's
 * conversations. A practitioner the team names, matched to a staff account, joins at the next sync (an open socket
 * starts receiving); dropped from the team, they leave (an open socket gets {@code reset} and nothing more); every
 * grant and revocation is audited with the rule; a member added in person stays.
 */
@Timeout(120)
abstract class RecordCareTeamScenarios extends ServerTest {

    static final long T0 = 1_700_000_000_000L;

    static EhrTokenServer tokenServer;
    static EhrCareTeams careTeams;
    static EhrPractitioners practitioners;
    static EhrEncounters encounters;
    static FhirTestServer fhir;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FhirWorker worker;

    @Autowired
    java.time.Clock clock;

    Organisation org;
    Staff admin;
    Staff alice;
    Staff bob;
    Patient fay;

    @BeforeAll
    static void startEhr() {
        tokenServer = new EhrTokenServer();
        careTeams = new EhrCareTeams();
        practitioners = new EhrPractitioners();
        encounters = new EhrEncounters();
        fhir = new FhirTestServer(careTeams, practitioners, encounters);
    }

    @AfterAll
    static void stopEhr() {
        fhir.close();
        tokenServer.close();
    }

    @BeforeEach
    void setUp() {
        careTeams.records.clear();
        careTeams.deleted.clear();
        practitioners.records.clear();
        encounters.records.clear();
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        alice = newStaff(org, Role.NURSE, "Alice Adams");
        bob = newStaff(org, Role.CLINICIAN, "Bob Brown");
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", true);
        body.put("baseUrl", fhir.baseUrl());
        body.put("tokenUrl", tokenServer.tokenUrl());
        body.put("clientId", "carechat-backend");
        body.put("scopes", "system/CareTeam.read system/Practitioner.read");
        body.put("syncIntervalSeconds", 300);
        assertThat(call(admin, "PUT", "/api/v1/orgs/current/fhir", body).status())
                .isEqualTo(200);
        fay = patientRecord(org, "Fay", "Ling", "1950-01-02", null, null);
        // As the directory sync leaves it (DirectorySyncScenarios proves the sync): the record is EHR patient f1.
        jdbc.sql("INSERT INTO fhir_patient (org_id, fhir_id, patient_id, version_id, status, merged_into, synced_at) "
                        + "VALUES (?, 'f1', ?, '1', 'active', NULL, 0)")
                .params(org.id(), fay.id())
                .update();
        practitioners.put(EhrPractitioners.withUsername("p-bob", bob.user().username()));
    }

    @Test
    void aCareTeamChangeGrantsAndRevokesAccessSeenByAnOpenSocket() {
        String ward = aboutFay("Bay 3");
        try (WsClient b = connect(bob)) {
            b.send(Map.of("type", "resume"));
            b.awaitType("sync_complete", 10);

            careTeams.put(EhrCareTeams.team("ct1", "f1", "Practitioner/p-bob"), 1, T0);
            assertThat(worker.pass(org.id()).state()).isEqualTo("ok");
            sendText(alice, ward, "Obs stable after the grant");

            b.await(f -> isText(f, ward, "Obs stable after the grant"), 10);
            assertThat(get(bob, "/api/v1/conversations/" + ward + "/messages").status())
                    .isEqualTo(200);
            assertThat(auditDetails("MEMBER_ADDED", bob))
                    .singleElement()
                    .satisfies(d -> assertThat(d)
                            .contains("ehr_care_team")
                            .contains("CareTeam/ct1 participant Practitioner/p-bob (matched by identifier)"));

            careTeams.put(EhrCareTeams.team("ct1", "f1"), 2, T0 + 1);
            assertThat(worker.pass(org.id()).state()).isEqualTo("ok");

            b.await(
                    f -> f.path("type").asString().equals("reset")
                            && f.path("c").asString().equals(ward),
                    10);
            b.clear();
            sendText(alice, ward, "After the revocation");
            String elsewhere = direct(alice, bob);
            sendText(alice, elsewhere, "elsewhere");
            b.await(f -> isText(f, elsewhere, "elsewhere"), 10);
            assertThat(b.frames()).noneMatch(f -> f.path("c").asString("").equals(ward));
            assertThat(get(bob, "/api/v1/conversations/" + ward + "/messages").status())
                    .isEqualTo(404);
            assertThat(auditDetails("MEMBER_REMOVED", bob))
                    .singleElement()
                    .satisfies(d -> assertThat(d).contains("ehr_care_team").contains("no active CareTeam"));
        }
    }

    @Test
    void aCareTeamTheEhrDeletesRevokesWhatItGranted() {
        String ward = aboutFay("Bay 8");
        careTeams.put(EhrCareTeams.team("ct6", "f1", "Practitioner/p-bob"), 1, T0);
        worker.pass(org.id());
        assertThat(memberIds(ward)).contains(bob.id());

        careTeams.delete("ct6", clock.millis());
        SyncState state = worker.pass(org.id());

        assertThat(state.state()).as(state.lastError()).isEqualTo("ok");
        assertThat(memberIds(ward)).doesNotContain(bob.id());
    }

    @Test
    void aPractitionerIsMatchedByWorkEmailAndOnlyAnActiveTeamGrants() {
        User cat = transactions.write(() -> users.createByOperator(
                org.id(), new NewUser("cat.cole@ward.example", "Cat Cole", Role.NURSE, null, false), false));
        practitioners.put(EhrPractitioners.withEmail("p-cat", "Cat.Cole@Ward.example"));
        String ward = aboutFay("Bay 4");
        CareTeam team = EhrCareTeams.team("ct2", "f1", "Practitioner/p-cat");
        team.setStatus(CareTeam.CareTeamStatus.PROPOSED);
        careTeams.put(team, 1, T0);

        worker.pass(org.id());
        assertThat(memberIds(ward)).doesNotContain(cat.id());

        careTeams.put(EhrCareTeams.team("ct2", "f1", "Practitioner/p-cat"), 2, T0 + 1);
        worker.pass(org.id());
        assertThat(memberIds(ward)).contains(cat.id());
    }

    @Test
    void aConversationMadeAfterTheTeamWasReadGetsTheTeamAtTheNextPass() {
        careTeams.put(EhrCareTeams.team("ct3", "f1", "Practitioner/p-bob"), 1, T0);
        worker.pass(org.id());

        String later = aboutFay("Bay 5");
        assertThat(memberIds(later)).doesNotContain(bob.id());
        worker.pass(org.id());

        assertThat(memberIds(later)).contains(bob.id());
    }

    @Test
    void aMemberAddedInPersonStaysWhenTheTeamDropsThem() {
        String ward = aboutFay("Bay 6");
        careTeams.put(EhrCareTeams.team("ct4", "f1", "Practitioner/p-bob"), 1, T0);
        worker.pass(org.id());
        conversations.addMember(asCurrent(alice), ward, bob.id(), false);

        careTeams.put(EhrCareTeams.team("ct4", "f1"), 2, T0 + 1);
        worker.pass(org.id());

        assertThat(memberIds(ward)).contains(bob.id());
    }

    @Test
    void aPractitionerWithNoAccountAndAnUnknownPractitionerGrantNothingAndTheSyncStaysWell() {
        practitioners.put(EhrPractitioners.withEmail("p-stranger", "nobody@elsewhere.example"));
        String ward = aboutFay("Bay 7");
        careTeams.put(EhrCareTeams.team("ct5", "f1", "Practitioner/p-stranger", "Practitioner/p-gone"), 1, T0);

        SyncState state = worker.pass(org.id());

        assertThat(state.state()).as(state.lastError()).isEqualTo("ok");
        assertThat(memberIds(ward)).containsExactlyInAnyOrder(alice.id(), admin.id());
    }

    @Test
    void encounterParticipantsGetAccessOnlyWhenTurnedOnAndLoseItWhenTheEncounterEnds() {
        String ward = aboutFay("Bay 5");
        encounters.put(stay("e1", Encounter.EncounterStatus.INPROGRESS, "Practitioner/p-bob", null), 1, T0);
        connectForEncounters(null);

        assertThat(worker.pass(org.id()).state()).isEqualTo("ok");
        assertThat(get(bob, "/api/v1/conversations/" + ward + "/messages").status())
                .as("off by default: the encounter grants nothing")
                .isEqualTo(404);

        connectForEncounters(true);
        assertThat(worker.pass(org.id()).state()).isEqualTo("ok");
        assertThat(get(bob, "/api/v1/conversations/" + ward + "/messages").status())
                .isEqualTo(200);
        assertThat(auditDetails("MEMBER_ADDED", bob))
                .singleElement()
                .satisfies(d -> assertThat(d)
                        .contains("\"via\":\"ehr_care_team\"")
                        .contains(
                                "ehr_encounter: Encounter/e1 participant Practitioner/p-bob (matched by identifier)"));

        encounters.put(stay("e1", Encounter.EncounterStatus.FINISHED, "Practitioner/p-bob", null), 2, T0 + 1);
        assertThat(worker.pass(org.id()).state()).isEqualTo("ok");
        assertThat(get(bob, "/api/v1/conversations/" + ward + "/messages").status())
                .as("the encounter ended")
                .isEqualTo(404);
        assertThat(auditDetails("MEMBER_REMOVED", bob))
                .singleElement()
                .satisfies(d -> assertThat(d).contains("in-progress Encounter"));
    }

    @Test
    void aParticipantWhoLeavesAnInProgressEncounterLosesAccess() {
        String ward = aboutFay("Bay 6");
        connectForEncounters(true);
        encounters.put(stay("e2", Encounter.EncounterStatus.INPROGRESS, "Practitioner/p-bob", null), 1, T0);
        assertThat(worker.pass(org.id()).state()).isEqualTo("ok");
        assertThat(get(bob, "/api/v1/conversations/" + ward + "/messages").status())
                .isEqualTo(200);

        Date left = new Date(clock.millis() - 60_000);
        encounters.put(stay("e2", Encounter.EncounterStatus.INPROGRESS, "Practitioner/p-bob", left), 2, T0 + 1);
        assertThat(worker.pass(org.id()).state()).isEqualTo("ok");

        assertThat(get(bob, "/api/v1/conversations/" + ward + "/messages").status())
                .as("their participation period ended")
                .isEqualTo(404);
        assertThat(jdbc.sql("SELECT status FROM fhir_encounter_access WHERE org_id = ? AND fhir_id = 'e2'")
                        .param(org.id())
                        .query(String.class)
                        .single())
                .isEqualTo("in-progress");
    }

    /** @param encounterAccess the setting, or null to leave it out (as before: off) */
    private void connectForEncounters(Boolean encounterAccess) {
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", true);
        body.put("baseUrl", fhir.baseUrl());
        body.put("tokenUrl", tokenServer.tokenUrl());
        body.put("clientId", "carechat-backend");
        body.put("scopes", "system/Encounter.read system/Practitioner.read");
        body.put("syncIntervalSeconds", 300);
        if (encounterAccess != null) {
            body.put("encounterAccess", encounterAccess);
        }
        assertThat(call(admin, "PUT", "/api/v1/orgs/current/fhir", body).status())
                .isEqualTo(200);
    }

    private static Encounter stay(String id, Encounter.EncounterStatus status, String participant, Date leftAt) {
        Encounter e = new Encounter();
        e.setId(id);
        e.setStatus(status);
        e.setSubject(new Reference("Patient/f1"));
        var p = e.addParticipant().setIndividual(new Reference(participant));
        if (leftAt != null) {
            p.getPeriod().setEnd(leftAt);
        }
        return e;
    }

    private String aboutFay(String topic) {
        return conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                topic,
                                fay.id(),
                                true,
                                List.of(admin.id()),
                                null))
                .id();
    }

    private List<String> memberIds(String conversationId) {
        return jdbc.sql("SELECT user_id FROM conversation_member WHERE conversation_id = ?")
                .param(conversationId)
                .query(String.class)
                .list();
    }

    private List<String> auditDetails(String type, Staff target) {
        return jdbc.sql("SELECT details FROM audit_event WHERE org_id = ? AND type = ? AND target_id = ?")
                .params(org.id(), type, target.id())
                .query(String.class)
                .list();
    }

    private static boolean isText(tools.jackson.databind.JsonNode f, String conversation, String body) {
        return f.path("type").asString().equals("event")
                && f.path("c").asString().equals(conversation)
                && body.equals(f.path("entry").path("body").asString(null));
    }
}
