package org.carechat.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Legal holds win over policies; a discharge closes a patient's conversations and purges them after the grace. */
abstract class HoldsAndDischargeScenarios extends ServerTest {

    static final Instant T0 = Instant.parse("2031-06-01T09:00:00Z");
    static final int STAFF_DAYS = 30;
    static final int GRACE_DAYS = 7;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    RetentionPurge purge;

    @Autowired
    ApplicationEventPublisher events;

    Organisation org;
    Staff admin;
    Staff alice;
    Staff bob;

    @BeforeEach
    void setUp() {
        clock.freezeAt(T0);
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        alice = newStaff(org, Role.NURSE, "Alice Nurse");
        bob = newStaff(org, Role.CLINICIAN, "Bob Clinician");
        Response set = call(
                admin,
                "PATCH",
                "/api/v1/orgs/current",
                Map.of("retention", RetentionSettingsScenarios.policy(STAFF_DAYS, 365, 365, 30, GRACE_DAYS)));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aHeldConversationOutlivesItsDayAndIsPurgedByTheFirstRunAfterItsRelease() {
        String conversation = direct(alice, bob);
        sendText(alice, conversation, "Bed 4 needs a review");
        assertThat(hold("conversation", conversation, "Case 2027-114").status()).isEqualTo(201);

        clock.setTo(T0.plus(Duration.ofDays(STAFF_DAYS + 40)));
        purge.run();
        assertThat(purgedAt(conversation)).isNull();
        assertThat(bucketOf(conversation)).as("moved under the hold key").isEqualTo("hold");

        Response released = release("conversation", conversation, "Case 2027-114 closed");
        assertThat(released.status()).as(released.text()).isEqualTo(200);
        assertThat(released.json().get("released").size()).isEqualTo(1);
        purge.run();
        assertThat(purgedAt(conversation)).isNotNull();
    }

    @Test
    void aHoldOnAPatientOrOnAUserCoversTheirConversations() {
        Patient patient = patientRecord(org, "Pat", "Held", "1950-02-03", null, null);
        String aboutPatient = aboutPatient(patient);
        String withBob = direct(alice, bob);
        String neither = direct(alice, admin);
        hold("patient", patient.id(), "Complaint 55");
        hold("user", bob.id(), "Employment tribunal");

        clock.setTo(T0.plus(Duration.ofDays(STAFF_DAYS)));
        purge.run();

        assertThat(purgedAt(aboutPatient)).isNull();
        assertThat(purgedAt(withBob)).isNull();
        assertThat(purgedAt(neither)).as("not held: purged on its day").isNotNull();
    }

    @Test
    void onlyAdminsPlaceHoldsEachWithAReasonOnTheirOwnOrganisationAndEveryHoldAndReleaseIsAudited() {
        String conversation = direct(alice, bob);
        Response byNurse = post(
                alice,
                "/api/v1/retention/holds",
                Map.of("targetType", "conversation", "targetId", conversation, "reason", "x"));
        assertThat(byNurse.status()).isEqualTo(403);
        Response noReason = post(
                admin,
                "/api/v1/retention/holds",
                Map.of("targetType", "conversation", "targetId", conversation, "reason", " "));
        assertThat(noReason.status()).isEqualTo(400);
        Response unknownType = hold("ward", conversation, "Case 1");
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.string("detail")).contains("targetType must be conversation, patient or user");
        Organisation elsewhere = newOrg();
        String foreign = direct(newStaff(elsewhere, Role.NURSE, "Far"), newStaff(elsewhere, Role.NURSE, "Away"));
        assertThat(hold("conversation", foreign, "Case 1").status()).isEqualTo(404);
        assertThat(holdRows()).as("nothing stored by a refused call").isZero();

        Response placed = hold("conversation", conversation, "Solicitor's letter, case 2027-114");
        assertThat(placed.status()).isEqualTo(201);
        assertThat(get(admin, "/api/v1/retention/holds")
                        .json()
                        .get(0)
                        .get("reason")
                        .asString())
                .isEqualTo("Solicitor's letter, case 2027-114");
        release("conversation", conversation, "Case closed");
        assertThat(get(admin, "/api/v1/retention/holds").json().size()).isZero();

        assertThat(auditDetails("LEGAL_HOLD_PLACED"))
                .singleElement()
                .asString()
                .contains("Solicitor's letter, case 2027-114", conversation);
        assertThat(auditDetails("LEGAL_HOLD_RELEASED"))
                .singleElement()
                .asString()
                .contains("Case closed");
    }

    @Test
    void aDischargeClosesThePatientsConversationsAtOnceAndPurgesThemOnTheGraceDayNotBefore() {
        Patient patient = patientRecord(org, "Dee", "Charged", "1944-04-04", null, null);
        String ward = aboutPatient(patient);
        sendText(alice, ward, "Ready to go home tomorrow");
        String other = direct(alice, bob);

        Response discharged = post(admin, "/api/v1/patients/" + patient.id() + "/discharge", null);
        assertThat(discharged.status()).as(discharged.text()).isEqualTo(200);
        assertThat(discharged.json().get("conversationIds").get(0).asString()).isEqualTo(ward);

        Response closed = post(
                alice,
                "/api/v1/conversations/" + ward + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", "One more thing"));
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.string("detail")).contains("discharged");
        sendText(alice, other, "Unaffected");

        clock.setTo(T0.plus(Duration.ofDays(GRACE_DAYS)).minusMillis(1));
        purge.run();
        assertThat(purgedAt(ward)).isNull();
        clock.setTo(T0.plus(Duration.ofDays(GRACE_DAYS)));
        purge.run();
        assertThat(purgedAt(ward)).isNotNull();
        assertThat(purgedAt(other)).isNull();
        var entries = get(alice, "/api/v1/conversations/" + ward + "/messages").json();
        assertThat(entries.get(entries.size() - 1).get("meta").get("reason").asString())
                .isEqualTo("discharge");
    }

    @Test
    void aHeldDischargedConversationIsNotPurged() {
        Patient patient = patientRecord(org, "Hal", "Kept", "1939-09-09", null, null);
        String ward = aboutPatient(patient);
        post(admin, "/api/v1/patients/" + patient.id() + "/discharge", null);
        hold("conversation", ward, "Coroner's request");

        clock.setTo(T0.plus(Duration.ofDays(GRACE_DAYS + 30)));
        purge.run();

        assertThat(purgedAt(ward)).isNull();
    }

    @Test
    void aDischargeEventFromTheEhrDischargesAsTheApiDoes() {
        Patient patient = patientRecord(org, "Eve", "Encounter", "1960-06-06", null, null);
        String ward = aboutPatient(patient);

        transactions.run(() -> events.publishEvent(new PatientDischarged(org.id(), patient.id(), null, null)));

        assertThat(jdbc.sql("SELECT discharged_at FROM conversation WHERE id = ?")
                        .param(ward)
                        .query(Long.class)
                        .single())
                .isEqualTo(T0.toEpochMilli());
        assertThat(auditDetails("PATIENT_DISCHARGED")).hasSize(1);
    }

    String aboutPatient(Patient patient) {
        return conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Bay 3",
                                patient.id(),
                                true,
                                List.of(bob.id()),
                                null))
                .id();
    }

    Response hold(String targetType, String targetId, String reason) {
        return post(
                admin,
                "/api/v1/retention/holds",
                Map.of("targetType", targetType, "targetId", targetId, "reason", reason));
    }

    Response release(String targetType, String targetId, String reason) {
        return post(
                admin,
                "/api/v1/retention/holds/release",
                Map.of("targetType", targetType, "targetId", targetId, "reason", reason));
    }

    long holdRows() {
        return jdbc.sql("SELECT COUNT(*) FROM legal_hold WHERE org_id = ?")
                .param(org.id())
                .query(Long.class)
                .single();
    }

    List<String> auditDetails(String type) {
        return jdbc.sql("SELECT details FROM audit_event WHERE org_id = ? AND type = ? AND outcome = 'success'")
                .params(org.id(), type)
                .query(String.class)
                .list();
    }

    Long purgedAt(String conversation) {
        return jdbc.sql("SELECT purged_at FROM conversation WHERE id = ?")
                .param(conversation)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    String bucketOf(String conversation) {
        return jdbc.sql("SELECT kek_bucket FROM conversation_key WHERE conversation_id = ?")
                .param(conversation)
                .query(String.class)
                .single();
    }
}
