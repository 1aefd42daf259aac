package org.carechat.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A patient's conversation history: the inbox's {@code patientId} filter lists every conversation linked to that
 * record that the caller may see, most recently active first, optionally of one audience; it is audited as a read of
 * the patient's history; bad filters are refused with an answer a person can act on.
 */
abstract class PatientHistoryScenarios extends ServerTest {

    static final Instant NINE = Instant.parse("2026-12-05T09:00:00Z");

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff alice;
    Staff bob;
    Patient fay;
    Patient gus;

    @BeforeEach
    void ward() {
        org = newOrg();
        alice = newStaff(org, Role.CLINICIAN, "Alice Adams");
        bob = newStaff(org, Role.NURSE, "Bob Brown");
        fay = patientRecord(org, "Fay", "Ling", "1950-01-02", null, null);
        gus = patientRecord(org, "Gus", "Hart", "1961-03-04", null, null);
    }

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void theHistoryListsOnlyThatPatientsConversationsNewestFirst() {
        clock.freezeAt(NINE);
        String staffOnly = about(fay, Conversation.Audience.STAFF, "Fay: discharge planning");
        clock.advance(Duration.ofMinutes(1));
        String withFay = about(fay, Conversation.Audience.PATIENT, "Fay: your knee");
        clock.advance(Duration.ofMinutes(1));
        about(gus, Conversation.Audience.STAFF, "Gus: bloods");
        group(alice, bob);
        clock.advance(Duration.ofMinutes(1));
        sendText(alice, staffOnly, "Planning for Friday"); // the older one is now the most recently active

        Response history = get(alice, "/api/v1/inbox?patientId=" + fay.id());

        assertThat(history.status()).isEqualTo(200);
        assertThat(ids(history)).containsExactly(staffOnly, withFay);
        assertThat(history.json().path("stats").path("totalConversations").asInt())
                .isEqualTo(2);
        assertThat(history.json()
                        .path("conversations")
                        .get(0)
                        .path("patient")
                        .path("id")
                        .asString())
                .isEqualTo(fay.id());
    }

    @Test
    void theHistoryFiltersByAudience() {
        String staffOnly = about(fay, Conversation.Audience.STAFF, "Fay: discharge planning");
        String withFay = about(fay, Conversation.Audience.PATIENT, "Fay: your knee");

        assertThat(ids(get(alice, "/api/v1/inbox?patientId=" + fay.id() + "&audience=staff")))
                .containsExactly(staffOnly);
        assertThat(ids(get(alice, "/api/v1/inbox?patientId=" + fay.id() + "&audience=patient")))
                .containsExactly(withFay);
        assertThat(ids(get(alice, "/api/v1/inbox?patientId=" + fay.id() + "&audience=mixed")))
                .isEmpty();
    }

    @Test
    void staffSeeOnlyTheConversationsOfThePatientTheyMaySee() {
        String alicesOwn = about(fay, Conversation.Audience.STAFF, "Fay: discharge planning");
        Staff cat = newStaff(org, Role.NURSE, "Cat Cole");

        assertThat(ids(get(cat, "/api/v1/inbox?patientId=" + fay.id()))).isEmpty();
        conversations.addMember(asCurrent(alice), alicesOwn, cat.id(), false);
        assertThat(ids(get(cat, "/api/v1/inbox?patientId=" + fay.id()))).containsExactly(alicesOwn);
    }

    @Test
    void aPatientSeesOnlyTheirOwnRecordsHistory() {
        String withFay = about(fay, Conversation.Audience.PATIENT, "Fay: your knee");
        Staff fayHerself = patientAccount(fay);
        about(gus, Conversation.Audience.PATIENT, "Gus: your bloods");

        assertThat(ids(get(fayHerself, "/api/v1/inbox?patientId=" + fay.id()))).containsExactly(withFay);
        Response others = get(fayHerself, "/api/v1/inbox?patientId=" + gus.id());
        assertThat(others.status()).isEqualTo(200);
        assertThat(ids(others)).isEmpty();
    }

    @Test
    void readingTheHistoryIsAuditedAsAReadOfThatPatient() {
        about(fay, Conversation.Audience.STAFF, "Fay: discharge planning");

        get(alice, "/api/v1/inbox?patientId=" + fay.id() + "&audience=staff");

        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE org_id = ? AND type = 'CONVERSATIONS_LISTED' "
                                + "AND actor_id = ? AND patient_id = ?")
                        .params(org.id(), alice.id(), fay.id())
                        .query(String.class)
                        .list())
                .singleElement()
                .satisfies(details -> assertThat(details)
                        .contains("patient_history")
                        .contains("staff")
                        .doesNotContain("Fay"));
    }

    @Test
    void anUnknownAudienceOrPatientIsRefusedWithAReason() {
        Response badAudience = get(alice, "/api/v1/inbox?patientId=" + fay.id() + "&audience=everyone");
        assertThat(badAudience.status()).isEqualTo(400);
        assertThat(badAudience.json().path("detail").asString()).isEqualTo("audience must be staff, patient or mixed");

        Response badId = get(alice, "/api/v1/inbox?patientId=%3Cscript%3E");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().path("detail").asString()).startsWith("PatientId must be 1 to 64");

        Response unknown = get(alice, "/api/v1/inbox?patientId=no-such-patient");
        assertThat(unknown.status()).isEqualTo(404);
        Organisation other = newOrg();
        Patient elsewhere = patientRecord(other, "Ivy", "Moss", "1970-01-01", null, null);
        assertThat(get(alice, "/api/v1/inbox?patientId=" + elsewhere.id()).status())
                .isEqualTo(404);
    }

    @Test
    void theWholeInboxCanBeFilteredByAudienceToo() {
        String staffOnly = about(fay, Conversation.Audience.STAFF, "Fay: discharge planning");
        about(gus, Conversation.Audience.PATIENT, "Gus: your bloods");

        assertThat(ids(get(alice, "/api/v1/inbox?audience=staff"))).containsExactly(staffOnly);
    }

    private String about(Patient patient, Conversation.Audience audience, String topic) {
        return conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP, audience, topic, patient.id(), true, List.of(bob.id()), null))
                .id();
    }

    private static List<String> ids(Response inbox) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : inbox.json().path("conversations")) {
            ids.add(item.path("conversation").path("id").asString());
        }
        return ids;
    }
}
