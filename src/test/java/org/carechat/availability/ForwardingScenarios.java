package org.carechat.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
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
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Forwarding: a direct message to a colleague who is Unavailable (or Busy, when they chose so) reaches the colleagues
 * they named, live, in a conversation the delegate can answer, and the sender is told at once; never across
 * organisations, never with the text of a patient's conversation; audited; over when the status lapses.
 */
@Timeout(120)
abstract class ForwardingScenarios extends ServerTest {

    static final String TEXT = "Bed 4 needs a review of the fluid chart";

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff dora;
    Staff dan;
    Staff sam;

    @BeforeEach
    void practice() {
        org = newOrg();
        dora = newStaff(org, Role.CLINICIAN, "Dora Doctor");
        dan = newStaff(org, Role.CLINICIAN, "Dan Delegate");
        sam = newStaff(org, Role.NURSE, "Sam Sender");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    Response choose(Staff who, String status, Long until, List<String> forwardTo, Boolean whenBusy) {
        Map<String, Object> body = new HashMap<>();
        body.put("status", status);
        if (until != null) {
            body.put("until", until);
        }
        body.put("forwardTo", forwardTo);
        if (whenBusy != null) {
            body.put("forwardWhenBusy", whenBusy);
        }
        return call(who, "PUT", "/api/v1/availability", body);
    }

    WsClient resumed(Staff who) {
        WsClient ws = connect(who);
        ws.send(Map.of("type", "resume"));
        ws.awaitType("sync_complete", 10);
        return ws;
    }

    List<JsonNode> entries(Staff viewer, String conversationId) {
        return get(viewer, "/api/v1/conversations/" + conversationId + "/messages")
                .json()
                .valueStream()
                .toList();
    }

    long forwards() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = 'MESSAGE_FORWARDED'")
                .param(org.id())
                .query(Long.class)
                .single();
    }

    @Test
    void aMessageToAnUnavailableColleagueReachesTheDelegateLiveAndTheSenderIsToldAtOnce() {
        long until = clock.millis() + Duration.ofHours(2).toMillis();
        assertThat(choose(dora, "unavailable", until, List.of(dan.id()), null).status())
                .isEqualTo(200);
        String c = direct(sam, dora);
        try (WsClient danSocket = resumed(dan);
                WsClient samSocket = resumed(sam)) {
            long seq = sendText(sam, c, TEXT);
            JsonNode told = entries(sam, c).stream()
                    .filter(e -> "forwarded".equals(e.get("kind").asString()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the sender was not told at once"));
            assertThat(told.get("meta").get("seq").asLong()).isEqualTo(seq);
            assertThat(told.get("meta").get("from").asString()).isEqualTo(dora.id());
            assertThat(told.get("meta").get("to").toString()).contains(dan.id());
            assertThat(told.get("meta").get("until").asLong()).isEqualTo(until);
            samSocket.await(f -> "forwarded".equals(f.path("entry").path("kind").asString()), 10);

            JsonNode copy = danSocket
                    .await(f -> f.path("entry").path("body").asString().contains(TEXT), 10)
                    .get("entry");
            assertThat(copy.get("body").asString()).startsWith("Forwarded from Dora Doctor (unavailable until ");
            assertThat(copy.get("senderId").asString()).isEqualTo(sam.id());
            String delegateConversation = copy.get("conversationId").asString();
            assertThat(sendText(dan, delegateConversation, "On my way"))
                    .as("the delegate can answer")
                    .isPositive();
        }
        assertThat(forwards()).isEqualTo(1);
        assertThat(entries(dora, c).stream().map(e -> e.get("kind").asString()))
                .as("Dora sees everything when back")
                .contains("text", "forwarded");
    }

    @Test
    void busyForwardsOnlyWhenChosenAndAvailableNeverForwards() {
        String c = direct(sam, dora);
        choose(dora, "busy", null, List.of(dan.id()), false);
        sendText(sam, c, "not forwarded while busy");
        assertThat(forwards()).isZero();
        choose(dora, "busy", null, List.of(dan.id()), true);
        sendText(sam, c, "forwarded while busy by choice");
        assertThat(forwards()).isEqualTo(1);
        assertThat(choose(dora, "available", null, List.of(dan.id()), null).status())
                .isEqualTo(400);
        choose(dora, "available", null, List.of(), null);
        sendText(sam, c, "not forwarded when available");
        assertThat(forwards()).isEqualTo(1);
    }

    @Test
    void forwardingEndsExactlyAtTheStatusEndEvenJustAfterAForward() {
        long until = clock.millis() + Duration.ofMinutes(30).toMillis();
        choose(dora, "unavailable", until, List.of(dan.id()), null);
        String c = direct(sam, dora);
        sendText(sam, c, "before the end");
        assertThat(forwards()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(31));
        sendText(sam, c, "after the end");
        assertThat(forwards())
                .as("a status read a moment ago still lapses at its end")
                .isEqualTo(1);
    }

    @Test
    void forwardingEndsWhenTheStatusLapses() {
        long until = clock.millis() + Duration.ofMinutes(30).toMillis();
        choose(dora, "unavailable", until, List.of(dan.id()), null);
        clock.advance(Duration.ofMinutes(31));
        sendText(sam, direct(sam, dora), "after the end");
        assertThat(forwards()).isZero();
    }

    @Test
    void forwardingNeverCrossesOrganisationsNorPassesOnAPatientsConversation() {
        Staff foreigner = newStaff(newOrg(), Role.CLINICIAN, "Fred Foreign");
        Response foreign = choose(dora, "unavailable", null, List.of(foreigner.id()), null);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().get("detail").asString())
                .isEqualTo("No active staff member in your organisation has the id(s) [" + foreigner.id() + "]");
        assertThat(choose(dora, "unavailable", null, List.of(dora.id()), null)
                        .json()
                        .get("detail")
                        .asString())
                .isEqualTo("You cannot forward your messages to yourself");

        choose(dora, "unavailable", null, List.of(dan.id()), null);
        Patient patient = patientRecord(org, "Pat", "Ient", "1970-01-01", null, null);
        String aboutPatient = conversations
                .create(
                        asCurrent(sam),
                        new NewConversation(
                                Conversation.Kind.DIRECT,
                                Conversation.Audience.STAFF,
                                null,
                                patient.id(),
                                true,
                                List.of(dora.id()),
                                null))
                .id();
        try (WsClient danSocket = resumed(dan)) {
            sendText(sam, aboutPatient, TEXT);
            JsonNode copy = danSocket
                    .await(f -> f.path("entry").path("body").asString().startsWith("Forwarded"), 10)
                    .get("entry");
            assertThat(copy.get("body").asString()).doesNotContain(TEXT).contains("please contact Sam Sender");
        }
    }

    long refusedForwards() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = 'MESSAGE_FORWARDED' "
                        + "AND outcome = 'refused'")
                .param(org.id())
                .query(Long.class)
                .single();
    }

    /** The copies of {@code messageId} and why they were made, as stored. */
    List<String> copiesOf(String messageId) {
        return jdbc.sql("SELECT copy_reason FROM message WHERE copy_of = ?")
                .param(messageId)
                .query(String.class)
                .list();
    }

    @Test
    void aCopyRecordsItsOriginAndIsNeverForwardedAgainEvenWhenItsRecipientForwardsToo() {
        Staff eve = newStaff(org, Role.NURSE, "Eve Elsewhere");
        choose(dora, "unavailable", null, List.of(dan.id()), null);
        choose(dan, "unavailable", null, List.of(eve.id()), null);
        String c = direct(sam, dora);
        Response sent = post(
                sam,
                "/api/v1/conversations/" + c + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", TEXT));
        assertThat(sent.status()).isEqualTo(201);
        assertThat(copiesOf(sent.string("messageId"))).containsExactly("forwarded");
        assertThat(forwards()).as("Dan's copy is not handed on to Eve").isEqualTo(1);
        assertThat(get(eve, "/api/v1/inbox").json().get("conversations")).isEmpty();
    }

    @Test
    void aClientMessageIdThatLooksLikeACopysIsForwardedLikeAnyOther() {
        choose(dora, "unavailable", null, List.of(dan.id()), null);
        String c = direct(sam, dora);
        for (String clientMsgId : List.of("fwd-" + UUID.randomUUID(), "escalation-" + UUID.randomUUID())) {
            Response sent = post(
                    sam, "/api/v1/conversations/" + c + "/messages", Map.of("clientMsgId", clientMsgId, "body", TEXT));
            assertThat(sent.status()).isEqualTo(201);
        }
        assertThat(forwards()).as("a client message id carries no meaning").isEqualTo(2);
    }

    @Test
    void aDelegateWhoRefusesTheCopyIsLeftOutAuditedAndTheMessageAndOtherCopiesGoThrough() {
        Staff eve = newStaff(org, Role.NURSE, "Eve Elsewhere");
        String oneWay = direct(dan, sam);
        conversations.update(asCurrent(dan), oneWay, null, false, null);
        choose(dora, "unavailable", null, List.of(dan.id(), eve.id()), null);
        String c = direct(sam, dora);
        Response sent = post(
                sam,
                "/api/v1/conversations/" + c + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", TEXT));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        assertThat(forwards() - refusedForwards()).as("Eve's copy").isEqualTo(1);
        assertThat(refusedForwards()).as("Dan's copy, refused").isEqualTo(1);
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE org_id = ? AND type = 'MESSAGE_FORWARDED' "
                                + "AND outcome = 'refused'")
                        .param(org.id())
                        .query(String.class)
                        .single())
                .as("the real reason: the conversation is 1-way")
                .contains("403");
        JsonNode told = entries(sam, c).stream()
                .filter(e -> "forwarded".equals(e.get("kind").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(told.get("meta").get("to").toString()).contains(eve.id()).doesNotContain(dan.id());
        assertThat(entries(dan, oneWay).stream().map(e -> e.get("kind").asString()))
                .as("nothing reached Dan's 1-way conversation")
                .containsExactly("conversation_created", "settings_changed");
    }
}
