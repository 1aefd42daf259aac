package org.carechat.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.identity.Role;
import org.carechat.patient.Patient;
import org.carechat.testing.LogCapture;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Response;
import org.carechat.testing.Smsc;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Contact requests over the API: the public form and its matching, the patient app, the queue (tabs, filters,
 * search), care-team ownership, Close thread, linking and continuing as a conversation, the settings' checks, and
 * that no text, name or number reaches a log or the database in the clear.
 */
@Timeout(120)
abstract class ContactRequestScenarios extends ContactFixture {

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void setUp() {
        organisation();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    Response form(Map<String, Object> fields) {
        return post(null, "/api/v1/public/contact-form/" + org.id(), fields);
    }

    Map<String, Object> formFor(String given, String family, String birthDate, String mobile, String text) {
        return Map.of(
                "givenName", given,
                "familyName", family,
                "birthDate", birthDate,
                "mobile", mobile,
                "reasonId", reasonId,
                "text", text);
    }

    @Test
    void thePublicFormIsLinkedToARecordOnlyWhenNamesBirthDateAndMobileAllAgreeAndAnswersAlikeEitherWay() {
        String mobile = mobile();
        Patient record = patientRecord(org, "Zoë", "O'Brien", "1970-04-05", mobile, null);
        Response info = get(null, "/api/v1/public/contact-form/" + org.id());
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().get("organisation").asString()).isEqualTo(org.name());
        assertThat(info.json()
                        .get("reasons")
                        .valueStream()
                        .map(r -> r.get("label").asString()))
                .containsExactly("Prescription", "Test results");

        Response matched = form(formFor("zoe", "o'brien", "1970-04-05", mobile.replace("+44", "0"), "Refill please"));
        Response unmatched = form(formFor("Zoë", "O'Brien", "1970-04-06", mobile, "Wrong birth date"));
        assertThat(matched.status()).isEqualTo(202);
        assertThat(unmatched.status()).isEqualTo(202);
        assertThat(matched.text()).as("the same answer either way").isEqualTo(unmatched.text());

        List<JsonNode> found = requestsFor(mobile);
        assertThat(found).hasSize(2);
        JsonNode linked = found.stream()
                .filter(r -> r.get("person").get("matched").asBoolean())
                .findFirst()
                .orElseThrow();
        assertThat(linked.get("person").get("patientId").asString()).isEqualTo(record.id());
        assertThat(linked.get("person").get("mrn").asString()).isEqualTo(record.mrn());
        JsonNode given = found.stream()
                .filter(r -> !r.get("person").get("matched").asBoolean())
                .findFirst()
                .orElseThrow();
        assertThat(given.get("person").get("name").asString()).isEqualTo("Zoë O'Brien");
        assertThat(given.get("person").get("birthDate").asString()).isEqualTo("1970-04-06");
        assertThat(given.get("source").asString()).isEqualTo("form");

        // Staff link the unmatched one; its history says who.
        String id = given.get("id").asString();
        assertThat(call(alice, "PUT", "/api/v1/contact-requests/" + id + "/patient", Map.of("patientId", record.id()))
                        .status())
                .isEqualTo(204);
        JsonNode opened = request(alice, id);
        assertThat(opened.get("request").get("person").get("patientId").asString())
                .isEqualTo(record.id());
        assertThat(opened.get("history").valueStream().map(s -> s.get("kind").asString()))
                .containsExactly("contact_status", "contact_linked");
        assertThat(opened.get("history").get(1).get("by").get("name").asString())
                .isEqualTo("Alice Adams");
    }

    @Test
    void twoRecordsWithTheSameDetailsLeaveTheFormUnmatched() {
        String mobile = mobile();
        patientRecord(org, "Sam", "Same", "1980-01-01", mobile, null);
        patientRecord(org, "Sam", "Same", "1980-01-01", mobile, null);
        assertThat(form(formFor("Sam", "Same", "1980-01-01", mobile, "Which one?"))
                        .status())
                .isEqualTo(202);
        assertThat(requestsFor(mobile))
                .singleElement()
                .satisfies(r ->
                        assertThat(r.get("person").get("matched").asBoolean()).isFalse());
    }

    @Test
    void aFormWithAMissingOrWrongFieldIsRefusedWithASentenceAndStoresNothing() {
        String mobile = mobile();
        Response noName = form(Map.of(
                "familyName", "X", "birthDate", "1970-01-01", "mobile", mobile, "reasonId", reasonId, "text", "hi"));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("detail").asString()).isEqualTo("givenName must have 1 to 100 characters");
        Response landline = form(formFor("Lee", "Land", "1970-01-01", "+442079460000", "hi"));
        assertThat(landline.status()).isEqualTo(400);
        assertThat(landline.json().get("detail").asString()).startsWith("mobile must be a mobile number");
        Response future = form(formFor("Lee", "Land", "2999-01-01", mobile, "hi"));
        assertThat(future.json().get("detail").asString()).isEqualTo("birthDate must be a real date in the past");
        Response noReason = form(Map.of(
                "givenName", "Lee", "familyName", "Land", "birthDate", "1970-01-01", "mobile", mobile, "text", "hi"));
        assertThat(noReason.json().get("detail").asString()).startsWith("reasonId is required");
        assertThat(post(
                                null,
                                "/api/v1/public/contact-form/" + UUID.randomUUID(),
                                formFor("a", "b", "1970-01-01", mobile, "x"))
                        .status())
                .isEqualTo(404);
        assertThat(requestsFor(mobile)).isEmpty();
        assertThat(counts(admin).get("newRequests").asLong()).isZero();
    }

    @Test
    void aPatientContactsThePracticeInTheAppReadsTheThreadAndAnswersUntilTheRequestIsClosed() {
        String mobile = mobile();
        Staff paula = patientAccount(patient(mobile));
        Staff other = patientAccount(patientRecord(org, "Olly", "Other", "1955-05-05", mobile(), null));
        assertThat(get(paula, "/api/v1/contact-reasons").json().size()).isEqualTo(2);
        Response noReason = post(paula, "/api/v1/contact-requests", Map.of("text", "Hello"));
        assertThat(noReason.status()).isEqualTo(400);
        String id = raiseInApp(paula, "My inhaler is running out");
        assertThat(get(paula, "/api/v1/contact-requests/mine")
                        .json()
                        .valueStream()
                        .map(r -> r.get("id").asString()))
                .containsExactly(id);
        assertThat(get(other, "/api/v1/contact-requests/mine").json().size()).isZero();
        assertThat(get(other, "/api/v1/contact-requests/" + id).status()).isEqualTo(404);
        assertThat(get(paula, "/api/v1/contact-requests/counts").status()).isEqualTo(403);
        assertThat(post(paula, "/api/v1/contact-requests/queue", Map.of()).status())
                .isEqualTo(403);

        status(alice, id, "in_progress");
        assertThat(sendSms(alice, id, "We will send it to the chemist.").status())
                .isEqualTo(201);
        Response reply = post(
                paula,
                "/api/v1/contact-requests/" + id + "/replies",
                Map.of("clientMsgId", "r1", "body", "Thank you, the one on the high street"));
        assertThat(reply.status()).isEqualTo(201);
        Response again = post(
                paula,
                "/api/v1/contact-requests/" + id + "/replies",
                Map.of("clientMsgId", "r1", "body", "Thank you, the one on the high street"));
        assertThat(again.status()).as("a retry").isEqualTo(200);
        assertThat(again.json().get("seq").asLong())
                .isEqualTo(reply.json().get("seq").asLong());

        List<JsonNode> thread = entries(paula, id);
        assertThat(thread.stream()
                        .filter(e -> !e.get("kind").asString().startsWith("contact")
                                && !e.get("kind").asString().equals("conversation_created")
                                && !e.get("kind").asString().equals("sms_status"))
                        .map(e ->
                                e.get("kind").asString() + ": " + e.get("body").asString()))
                .containsExactly(
                        "text: My inhaler is running out",
                        "sms_out: We will send it to the chemist.",
                        "text: Thank you, the one on the high street");
        assertThat(thread.getLast().get("meta").get("channel").asString()).isEqualTo("app");
        assertThat(counts(bob).get("newMessages").asLong()).isEqualTo(1);

        status(alice, id, "complete");
        JsonNode own = get(paula, "/api/v1/contact-requests/" + id).json();
        assertThat(own.get("status").asString()).isEqualTo("complete");
        assertThat(own.get("replyBlockedBecause").asString()).isEqualTo(CLOSED_ANSWER);
        Response closed = post(
                paula,
                "/api/v1/contact-requests/" + id + "/replies",
                Map.of("clientMsgId", "r2", "body", "One more thing"));
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.json().get("detail").asString()).contains(CLOSED_ANSWER);
    }

    @Test
    void aReasonOwnedByACareTeamIsSeenByThatTeamAndTheAdminsOnly() {
        String team = post(
                        admin,
                        "/api/v1/teams",
                        Map.of("name", "Pharmacy " + UUID.randomUUID(), "memberIds", List.of(alice.id())))
                .string("id");
        Response set = call(
                admin,
                "PUT",
                "/api/v1/orgs/current/contact-settings",
                Map.of(
                        "smsNumber",
                        "+" + practiceNumber,
                        "acknowledgement",
                        ACKNOWLEDGEMENT,
                        "closedAnswer",
                        CLOSED_ANSWER,
                        "reasons",
                        List.of(Map.of("id", reasonId, "label", "Prescription", "teamId", team))));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.json()
                        .get("reasons")
                        .valueStream()
                        .filter(r -> r.get("active").asBoolean()))
                .as("the reason left out is retired")
                .hasSize(1);
        Staff paula = patientAccount(patient(mobile()));
        try (WsClient alices = connect(alice);
                WsClient bobs = connect(bob)) {
            for (WsClient ws : List.of(alices, bobs)) {
                ws.send(Map.of("type", "resume", "others", "latest"));
                ws.awaitType("sync_complete", 30);
            }
            String id = raiseInApp(paula, "Repeat please");
            alices.await(
                    f -> "contact_request".equals(f.get("type").asString())
                            && id.equals(f.get("id").asString()),
                    30);
            assertThat(queue(alice, Map.of()))
                    .extracting(r -> r.get("id").asString())
                    .contains(id);
            assertThat(queue(admin, Map.of()))
                    .extracting(r -> r.get("id").asString())
                    .contains(id);
            assertThat(queue(bob, Map.of()))
                    .extracting(r -> r.get("id").asString())
                    .doesNotContain(id);
            assertThat(counts(bob).get("newRequests").asLong()).isZero();
            assertThat(get(bob, "/api/v1/contact-requests/" + id).status()).isEqualTo(404);
            Response assign =
                    call(alice, "PUT", "/api/v1/contact-requests/" + id + "/assignee", Map.of("userId", bob.id()));
            assertThat(assign.status()).as("only someone who may see it").isEqualTo(400);
            assertThat(bobs.frames("contact_request"))
                    .as("Bob is not told of it")
                    .isEmpty();
        }
    }

    @Test
    void aRefusedRequestIsAuditedOnceWithWhyAndAnotherOrganisationsIdLikeAnUnknownOne() {
        String team = post(
                        admin,
                        "/api/v1/teams",
                        Map.of("name", "Pharmacy " + UUID.randomUUID(), "memberIds", List.of(alice.id())))
                .string("id");
        Response set = call(
                admin,
                "PUT",
                "/api/v1/orgs/current/contact-settings",
                Map.of(
                        "smsNumber",
                        "+" + practiceNumber,
                        "acknowledgement",
                        ACKNOWLEDGEMENT,
                        "closedAnswer",
                        CLOSED_ANSWER,
                        "reasons",
                        List.of(Map.of("id", reasonId, "label", "Prescription", "teamId", team))));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        String id = raiseInApp(patientAccount(patient(mobile())), "Repeat please");

        List<Map<String, Object>> notInTeam = refusalsOf(bob, "/api/v1/contact-requests/" + id);
        assertThat(notInTeam)
                .as("Bob is not in the team that owns the reason: one row, saying why")
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.get("type")).isEqualTo("CONTACT_REQUEST_OPENED");
                    assertThat(String.valueOf(row.get("details"))).contains("not_in_team");
                });

        Staff stranger = newStaff(newOrg(), Role.ADMIN, "Olga Other");
        List<Map<String, Object>> foreign = refusalsOf(stranger, "/api/v1/contact-requests/" + id);
        String unknownId = UUID.randomUUID().toString();
        List<Map<String, Object>> unknown = refusalsOf(stranger, "/api/v1/contact-requests/" + unknownId);
        assertThat(foreign)
                .singleElement()
                .satisfies(row -> assertThat(row.get("type")).isEqualTo("ACCESS_DENIED"));
        assertThat(String.valueOf(foreign.getFirst().get("details")).replace(id, "<id>"))
                .as("another organisation's request is audited like an unknown id")
                .isEqualTo(String.valueOf(unknown.getFirst().get("details")).replace(unknownId, "<id>"));
        assertThat(foreign.getFirst().get("org_id")).isEqualTo(stranger.user().orgId());
    }

    /** Opens {@code path} as {@code caller} (refused with 404) and returns the refusal rows that added. */
    List<Map<String, Object>> refusalsOf(Staff caller, String path) {
        String query = "SELECT id, org_id, type, details FROM audit_event WHERE actor_id = ? AND outcome = 'refused'";
        List<String> before = jdbc.sql(query)
                .param(caller.id())
                .query((rs, n) -> rs.getString(1))
                .list();
        assertThat(get(caller, path).status()).isEqualTo(404);
        // Refusals of ids are written once the answer is complete: wait for one, then for any second.
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        jdbc.sql(query).param(caller.id()).query().listOfRows().size() > before.size());
        pause(500);
        return jdbc.sql(query).param(caller.id()).query().listOfRows().stream()
                .filter(row -> !before.contains(String.valueOf(row.get("id"))))
                .toList();
    }

    @Test
    void theQueueFiltersByTabReasonAssigneeAndAgeAndFindsByNameIdOrMobile() {
        String mobile = mobile();
        Patient record = patientRecord(org, "Quentin", "Quaresma", "1966-06-06", mobile, null);
        String reason2 =
                get(alice, "/api/v1/contact-reasons").json().get(1).get("id").asString();
        String mine = raiseInApp(patientAccount(record), "About my results");
        clock.advance(Duration.ofDays(3));
        String stranger = mobile();
        assertThat(form(Map.of(
                                "givenName",
                                "Hélène",
                                "familyName",
                                "Vasquez",
                                "birthDate",
                                "1990-09-09",
                                "mobile",
                                stranger,
                                "reasonId",
                                reason2,
                                "text",
                                "New here"))
                        .status())
                .isEqualTo(202);
        String formId = requestsFor(stranger).getFirst().get("id").asString();
        status(alice, mine, "in_progress");
        call(alice, "PUT", "/api/v1/contact-requests/" + mine + "/assignee", Map.of("userId", alice.id()));

        assertThat(ids(queue(bob, Map.of("tab", "new")))).containsExactly(formId);
        assertThat(ids(queue(bob, Map.of("tab", "in_progress")))).containsExactly(mine);
        assertThat(ids(queue(bob, Map.of("reasonId", reason2)))).containsExactly(formId);
        assertThat(ids(queue(alice, Map.of("assignee", "me")))).containsExactly(mine);
        assertThat(ids(queue(bob, Map.of("assignee", "none")))).containsExactly(formId);
        assertThat(ids(queue(bob, Map.of("age", "today")))).containsExactly(formId);
        assertThat(ids(queue(bob, Map.of("age", "week")))).containsExactly(mine);
        assertThat(ids(queue(bob, Map.of("q", "quaresma")))).containsExactly(mine);
        assertThat(ids(queue(bob, Map.of("q", record.mrn())))).containsExactly(mine);
        assertThat(ids(queue(bob, Map.of("q", "helene"))))
                .as("a given name, without its accent")
                .containsExactly(formId);
        assertThat(ids(queue(bob, Map.of("q", stranger.replace("+44", "0"))))).containsExactly(formId);
        assertThat(ids(queue(bob, Map.of("q", "nobody-at-all")))).isEmpty();
        JsonNode counts = counts(bob);
        assertThat(counts.get("newRequests").asLong()).isEqualTo(1);
        assertThat(counts.get("inProgress").asLong()).isEqualTo(1);
        assertThat(counts.get("complete").asLong()).isZero();
        assertThat(post(bob, "/api/v1/contact-requests/queue", Map.of("tab", "archive"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void closeThreadHidesItFromTheCallerOnlyUntilThePatientWritesAgain() {
        String mobile = mobile();
        String id = raiseInApp(patientAccount(patient(mobile)), "Please call");
        status(alice, id, "in_progress");
        sendSms(alice, id, "When suits you?");
        assertThat(call(alice, "PUT", "/api/v1/contact-requests/" + id + "/thread", Map.of("hidden", true))
                        .status())
                .isEqualTo(204);
        assertThat(request(alice, id).get("request").get("threadHidden").asBoolean())
                .isTrue();
        assertThat(request(bob, id).get("request").get("threadHidden").asBoolean())
                .isFalse();
        assertThat(request(alice, id).get("request").get("status").asString()).isEqualTo("in_progress");

        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(30))
                .until(smsc.mo(systemType(), mobile, practiceNumber, "Any time after 2")::acknowledged);
        JsonNode after = request(alice, id).get("request");
        assertThat(after.get("threadHidden").asBoolean())
                .as("shown again when the patient writes")
                .isFalse();
        assertThat(after.get("newMessages").asBoolean()).isTrue();
        assertThat(counts(alice).get("newMessages").asLong()).isEqualTo(1);
    }

    @Test
    void aLinkedRequestContinuesAsARegularPatientConversationOnce() {
        Patient record = patient(mobile());
        Staff paula = patientAccount(record);
        String id = raiseInApp(paula, "Can we talk about my results?");
        Response converted = post(alice, "/api/v1/contact-requests/" + id + "/conversation", null);
        assertThat(converted.status()).as(converted.text()).isEqualTo(200);
        String conversation = converted.string("conversationId");
        assertThat(post(alice, "/api/v1/contact-requests/" + id + "/conversation", null)
                        .string("conversationId"))
                .isEqualTo(conversation);
        JsonNode details = get(alice, "/api/v1/conversations/" + conversation).json();
        assertThat(details.get("conversation").get("patientId").asString()).isEqualTo(record.id());
        assertThat(details.get("conversation").get("topic").asString()).isEqualTo("Prescription");
        assertThat(details.get("members").valueStream().map(m -> m.get("userId").asString()))
                .containsExactlyInAnyOrder(alice.id(), paula.id());
        assertThat(request(alice, id).get("convertedTo").asString()).isEqualTo(conversation);

        String stranger = mobile();
        form(formFor("Una", "Matched", "1999-09-09", stranger, "Hi"));
        String unmatched = requestsFor(stranger).getFirst().get("id").asString();
        Response refused = post(alice, "/api/v1/contact-requests/" + unmatched + "/conversation", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).startsWith("Link the request to a patient record first");
    }

    @Test
    void settingsAreCheckedAndOnlyAdminsChangeThem() {
        String tooLong = "x".repeat(307);
        Response refused = call(
                admin,
                "PUT",
                "/api/v1/orgs/current/contact-settings",
                Map.of("acknowledgement", tooLong, "closedAnswer", "", "reasons", List.of()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).startsWith("acknowledgement must fit in 2 SMS");
        Response control = call(
                admin,
                "PUT",
                "/api/v1/orgs/current/contact-settings",
                Map.of("acknowledgement", "ok\u0007", "closedAnswer", "", "reasons", List.of()));
        assertThat(control.json().get("detail").asString()).contains("'acknowledgement' contains a control character");
        Response twice = call(
                admin,
                "PUT",
                "/api/v1/orgs/current/contact-settings",
                Map.of(
                        "acknowledgement",
                        "",
                        "closedAnswer",
                        "",
                        "reasons",
                        List.of(Map.of("label", "Same"), Map.of("label", "same"))));
        assertThat(twice.json().get("detail").asString()).isEqualTo("reasons[1].label repeats another reason's");
        Staff otherAdmin = newStaff(newOrg(), Role.ADMIN, "Other Admin");
        Response taken = call(
                otherAdmin,
                "PUT",
                "/api/v1/orgs/current/contact-settings",
                Map.of(
                        "smsNumber",
                        "+" + practiceNumber,
                        "acknowledgement",
                        "",
                        "closedAnswer",
                        "",
                        "reasons",
                        List.of()));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(call(alice, "GET", "/api/v1/orgs/current/contact-settings", null)
                        .status())
                .isEqualTo(403);
        assertThat(get(admin, "/api/v1/orgs/current/contact-settings")
                        .json()
                        .get("acknowledgement")
                        .asString())
                .isEqualTo(ACKNOWLEDGEMENT);
    }

    @Test
    void noTextNameOrNumberOfARequestIsLoggedOrStoredInTheClear() {
        String canary = "Canary" + digits(8);
        String mobile = mobile();
        LogCapture.assertNoneLogged(() -> {
            form(formFor(canary + "Given", canary + "Family", "1970-01-01", mobile, canary + " form text"));
            String id = requestsFor(mobile).getFirst().get("id").asString();
            status(alice, id, "in_progress");
            sendSms(alice, id, canary + " staff text");
            Smsc.Mo reply = smsc.mo(systemType(), mobile, practiceNumber, canary + " reply");
            await().atMost(Duration.ofSeconds(30)).until(reply::acknowledged);
            queue(alice, Map.of("q", canary + "Family"));
            return List.of(canary, mobile, mobile.substring(1));
        });
        for (String table : List.of(
                "contact_request", "contact_request_term", "contact_sms", "message", "sms_inbound", "audit_event")) {
            String dump =
                    jdbc.sql("SELECT * FROM " + table).query().listOfRows().toString();
            assertThat(dump).as(table).doesNotContain(canary, mobile.substring(1));
        }
    }

    static List<String> ids(List<JsonNode> rows) {
        return rows.stream().map(r -> r.get("id").asString()).toList();
    }
}
