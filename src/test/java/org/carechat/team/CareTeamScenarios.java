package org.carechat.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.NewPatient;
import org.carechat.patient.PatientService;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Care-team visibility: a patient conversation given to a care team is seen by the team's members while they are in
 * it — joining the team brings the conversation live, leaving takes it away at once — and members added in person
 * stay whatever happens to the team.
 */
abstract class CareTeamScenarios extends ServerTest {

    @Autowired
    PatientService patients;

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff admin;
    Staff nina;
    Staff nora;
    Staff carl;
    Staff outsider;
    String patientId;

    @BeforeEach
    void practice() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        nina = newStaff(org, Role.NURSE, "Nina Nurse");
        nora = newStaff(org, Role.NURSE, "Nora Nurse");
        carl = newStaff(org, Role.CLINICIAN, "Carl Clinician");
        outsider = newStaff(org, Role.CLINICIAN, "Olive Outsider");
        patientId = patients.create(
                        asCurrent(admin),
                        new NewPatient("CT-" + System.nanoTime(), "Pat", "Ient", "1970-01-01", null, null))
                .id();
    }

    String team(String name, Staff... members) {
        Response r = post(
                admin,
                "/api/v1/teams",
                Map.of(
                        "name",
                        name,
                        "memberIds",
                        java.util.Arrays.stream(members).map(Staff::id).toList()));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    String teamConversation(Staff creator, String teamId, String topic) {
        Response r = post(
                creator,
                "/api/v1/conversations",
                Map.of(
                        "kind",
                        "group",
                        "audience",
                        "patient",
                        "topic",
                        topic,
                        "patientId",
                        patientId,
                        "memberIds",
                        List.of(),
                        "careTeamId",
                        teamId));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("conversation").get("id").asString();
    }

    @Test
    void onlyAdminsMakeTeamsEveryoneListsThemAndNamesAreUniquePerOrganisation() {
        String ward = team("Ward 4 nurses", nina, nora);
        assertThat(post(nina, "/api/v1/teams", Map.of("name", "Self-made")).status())
                .isEqualTo(403);
        Response duplicate = post(admin, "/api/v1/teams", Map.of("name", "ward 4 NURSES"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("detail").asString()).contains("already has a care team");
        assertThat(post(admin, "/api/v1/teams", Map.of("name", "Ghosts", "memberIds", List.of("no-such-user")))
                        .status())
                .isEqualTo(400);
        JsonNode listed = get(carl, "/api/v1/teams").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("memberIds").toString()).contains(nina.id(), nora.id());
        assertThat(get(carl, "/api/v1/teams/" + ward).status()).isEqualTo(200);
        Staff foreigner = newStaff(newOrg(), Role.ADMIN, "Other Admin");
        assertThat(get(foreigner, "/api/v1/teams/" + ward).status()).isEqualTo(404);
        assertThat(get(foreigner, "/api/v1/teams").json()).isEmpty();
    }

    @Test
    void onlyATeamMemberOrAnAdminGivesAConversationToTheTeam() {
        String ward = team("Ward 5 nurses", nina, nora);
        Response refused = post(
                outsider,
                "/api/v1/conversations",
                Map.of(
                        "kind",
                        "group",
                        "audience",
                        "patient",
                        "patientId",
                        patientId,
                        "memberIds",
                        List.of(),
                        "careTeamId",
                        ward));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("Only a member of the care team");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE actor_id = ? AND outcome = 'refused' "
                                + "AND details LIKE '%not_in_team%'")
                        .param(outsider.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(post(
                                outsider,
                                "/api/v1/conversations",
                                Map.of(
                                        "kind",
                                        "direct",
                                        "audience",
                                        "staff",
                                        "memberIds",
                                        List.of(nina.id()),
                                        "careTeamId",
                                        ward))
                        .status())
                .as("not a direct one")
                .isIn(400, 403);
        teamConversation(admin, ward, "Given by an admin");
    }

    @Test
    void theTeamsMembersSeeItsConversationLiveAndJoiningOrLeavingTheTeamTakesEffectAtOnce() {
        String ward = team("Ward 6 nurses", nina, nora);
        String c = teamConversation(nina, ward, "Discharge questions");
        JsonNode members = get(nina, "/api/v1/conversations/" + c).json().get("members");
        assertThat(members.valueStream()
                        .filter(m -> m.get("viaTeam").asBoolean())
                        .map(m -> m.get("userId").asString()))
                .containsExactly(nora.id());
        try (WsClient noraSocket = connect(nora);
                WsClient carlSocket = connect(carl)) {
            noraSocket.send(Map.of("type", "resume"));
            carlSocket.send(Map.of("type", "resume"));
            noraSocket.awaitType("sync_complete", 10);
            carlSocket.awaitType("sync_complete", 10);

            long first = sendText(nina, c, "Can the patient go home today?");
            noraSocket.await(f -> f.path("entry").path("seq").asLong() == first, 10);
            assertThat(get(carl, "/api/v1/conversations/" + c + "/messages").status())
                    .isEqualTo(404);

            assertThat(post(admin, "/api/v1/teams/" + ward + "/members", Map.of("userId", carl.id()))
                            .status())
                    .isEqualTo(200);
            carlSocket.await(f -> f.toString().contains("Can the patient go home today?"), 10);
            long second = sendText(nina, c, "Pharmacy has the discharge meds");
            carlSocket.await(f -> f.path("entry").path("seq").asLong() == second, 10);

            assertThat(call(admin, "DELETE", "/api/v1/teams/" + ward + "/members/" + nora.id(), null)
                            .status())
                    .isEqualTo(200);
            noraSocket.await(
                    f -> "reset".equals(f.get("type").asString())
                            && c.equals(f.get("c").asString()),
                    10);
            long third = sendText(nina, c, "Transport booked for 3pm");
            carlSocket.await(f -> f.path("entry").path("seq").asLong() == third, 10);
            assertThat(noraSocket.frames()).noneMatch(f -> f.toString().contains("Transport booked"));
            assertThat(get(nora, "/api/v1/conversations/" + c + "/messages").status())
                    .isEqualTo(404);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE conversation_id = ? AND type IN ('MEMBER_ADDED', "
                                + "'MEMBER_REMOVED') AND details LIKE '%care_team%'")
                        .param(c)
                        .query(Long.class)
                        .single())
                .as("carl's join and nora's leave through the team are audited")
                .isEqualTo(2);
    }

    @Test
    void aMemberAddedInPersonStaysWhenTheyLeaveTheTeamAndMovingTheConversationSwapsTheTeams() {
        String ward = team("Ward 7 nurses", nina, nora);
        String clinic = team("Clinic team", carl);
        String c = teamConversation(nina, ward, "Wound care");
        assertThat(post(nina, "/api/v1/conversations/" + c + "/members", Map.of("userId", nora.id()))
                        .status())
                .isEqualTo(200);
        call(admin, "DELETE", "/api/v1/teams/" + ward + "/members/" + nora.id(), null);
        assertThat(get(nora, "/api/v1/conversations/" + c + "/messages").status())
                .as("added in person")
                .isEqualTo(200);

        assertThat(call(nina, "PATCH", "/api/v1/conversations/" + c, Map.of("careTeamId", clinic))
                        .status())
                .as("nina is not in the clinic team")
                .isEqualTo(403);
        Response moved = call(admin, "PATCH", "/api/v1/conversations/" + c, Map.of("careTeamId", clinic));
        assertThat(moved.status())
                .as("the admin is not a member: the conversation is not theirs to move")
                .isEqualTo(404);
        assertThat(post(nina, "/api/v1/conversations/" + c + "/members", Map.of("userId", admin.id(), "owner", true))
                        .status())
                .isEqualTo(200);
        moved = call(admin, "PATCH", "/api/v1/conversations/" + c, Map.of("careTeamId", clinic));
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        assertThat(moved.json().get("conversation").get("careTeamId").asString())
                .isEqualTo(clinic);
        assertThat(get(carl, "/api/v1/conversations/" + c + "/messages").status())
                .isEqualTo(200);
        assertThat(get(nora, "/api/v1/conversations/" + c + "/messages").status())
                .isEqualTo(200);
        assertThat(get(nina, "/api/v1/conversations/" + c + "/messages").status())
                .as("nina created it: in person")
                .isEqualTo(200);
        Response cleared = call(admin, "PATCH", "/api/v1/conversations/" + c, Map.of("careTeamId", ""));
        assertThat(cleared.json().get("conversation").has("careTeamId")).isFalse();
        assertThat(get(carl, "/api/v1/conversations/" + c + "/messages").status())
                .isEqualTo(404);
    }
}
