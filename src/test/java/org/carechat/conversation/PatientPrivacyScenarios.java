package org.carechat.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Group privacy (seed 004): a patient in a group with other patients never receives their names or ids, through any
 * API answer or WebSocket frame, and sees receipts only from staff — checked on the raw JSON. Staff still see all.
 */
@Timeout(120)
abstract class PatientPrivacyScenarios extends ServerTest {

    record Group(
            Organisation org,
            Staff nurse,
            Patient recordA,
            Staff ann,
            Patient recordB,
            Staff ben,
            Patient recordC,
            Staff cat,
            String conversation) {

        /** What Ann must never be told: the other two patients. */
        List<String> othersSecrets() {
            List<String> secrets = new ArrayList<>();
            for (Patient p : List.of(recordB, recordC)) {
                secrets.addAll(List.of(p.id(), p.mrn(), p.givenName(), p.familyName()));
            }
            secrets.addAll(List.of(
                    ben.id(), cat.id(), ben.user().username(), cat.user().username()));
            return secrets;
        }
    }

    Group group() {
        Organisation org = newOrg();
        Staff nurse = newStaff(org, Role.NURSE, "Nina Nightingale");
        Patient a = patientRecord(org, "Annabel", "Aardvark", "1971-01-01", null, null);
        Patient b = patientRecord(org, "Benedict", "Bumblebee", "1972-02-02", null, null);
        Patient c = patientRecord(org, "Cressida", "Chameleon", "1973-03-03", null, null);
        Staff ann = patientAccount(a);
        Staff ben = patientAccount(b);
        Staff cat = patientAccount(c);
        // Linked to Ben's record: Ann must not learn that either.
        String conversation = conversations
                .create(
                        asCurrent(nurse),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.MIXED,
                                "Knee class",
                                b.id(),
                                true,
                                List.of(ann.id(), cat.id()),
                                null))
                .id();
        return new Group(org, nurse, a, ann, b, ben, c, cat, conversation);
    }

    @Test
    void aPatientInAGroupWithTwoOtherPatientsNeverReceivesTheirNamesOrIdsOverRestOrWebSocket() {
        Group g = group();
        String c = g.conversation();
        long first = sendText(g.nurse(), c, "Welcome to the knee class");
        sendText(g.ben(), c, "Hello from Ben");
        post(g.cat(), "/api/v1/conversations/" + c + "/read", Map.of("upTo", first));
        List<String> seen = new ArrayList<>();
        try (WsClient socket = connect(g.ann())) {
            socket.send(Map.of("type", "resume", "cursors", List.of(Map.of("c", c, "seq", 0))));
            socket.awaitType("sync_complete", 20);
            // Ann's own send over the socket: its result and the event of her message.
            socket.send(Map.of("type", "send", "id", "mine", "c", c, "clientMsgId", "ann-ws", "body", "Ann here"));
            socket.await(
                    f -> "result".equals(f.get("type").asString())
                            && "mine".equals(f.path("id").asString()),
                    20);
            // Live: another patient writes, reads and types; the nurse writes and reads.
            sendText(g.cat(), c, "Cat here");
            long last = sendText(g.nurse(), c, "See you Tuesday");
            post(g.ben(), "/api/v1/conversations/" + c + "/read", Map.of("upTo", last));
            post(g.cat(), "/api/v1/conversations/" + c + "/typing", null);
            post(g.nurse(), "/api/v1/conversations/" + c + "/read", Map.of("upTo", last));
            socket.await(
                    f -> "receipt".equals(f.get("type").asString())
                            && g.nurse().id().equals(f.get("userId").asString()),
                    20);
            socket.send(Map.of("type", "ping", "id", "end"));
            socket.awaitType("pong", 20);
            socket.frames().forEach(f -> seen.add(f.toString()));
            assertThat(socket.frames("event").stream()
                            .map(f -> f.get("entry").get("senderName").asString()))
                    .contains("Another patient", "Nina Nightingale");
        }
        String base = "/api/v1/conversations/" + c;
        // Ann's own send over REST answers with her message; then another patient has the last word (the inbox's
        // preview of the last message names its sender).
        Response ownSend = post(g.ann(), base + "/messages", Map.of("clientMsgId", "ann-rest", "body", "Ann again"));
        assertThat(ownSend.status()).as(ownSend.text()).isEqualTo(201);
        seen.add(ownSend.text());
        sendText(g.ben(), c, "Ben has the last word");
        List<Response> answers = List.of(
                get(g.ann(), "/api/v1/inbox"),
                get(g.ann(), "/api/v1/conversations"),
                get(g.ann(), base),
                get(g.ann(), base + "/messages"),
                get(g.ann(), base + "/messages?after=0"),
                get(g.ann(), base + "/markers"),
                post(g.ann(), "/api/v1/sync", Map.of("cursors", List.of(Map.of("c", c, "seq", 0)))),
                get(g.ann(), "/api/v1/auth/me"),
                get(g.ann(), "/api/v1/auth/tokens"));
        for (Response r : answers) {
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            seen.add(r.text());
        }
        JsonNode lastInInbox =
                answers.getFirst().json().get("conversations").get(0).get("lastMessage");
        assertThat(lastInInbox.get("senderName").asString()).isEqualTo("Another patient");
        for (String text : seen) {
            for (String secret : g.othersSecrets()) {
                assertThat(text).as("what Ann receives").doesNotContain(secret);
            }
        }
        String all = String.join("\n", seen);
        assertThat(all)
                .as("not vacuous")
                .contains(
                        "Hello from Ben",
                        "Cat here",
                        "Nina Nightingale",
                        g.ann().id(),
                        "Another patient",
                        "Ann here",
                        "Ann again",
                        "Ben has the last word",
                        "Annabel Aardvark");

        // Receipts only from staff: the nurse's first message was read by Cat and Ben, and is shown unread to Ann.
        JsonNode welcome = get(g.ann(), base + "/messages?after=0")
                .json()
                .valueStream()
                .filter(m -> m.get("seq").asLong() == first)
                .findFirst()
                .orElseThrow();
        assertThat(welcome.get("receipts")
                        .get("readers")
                        .valueStream()
                        .map(x -> x.get("userId").asString()))
                .doesNotContain(g.ben().id(), g.cat().id());
        // Staff see everyone.
        String staffView = get(g.nurse(), base + "/messages?after=0").text()
                + get(g.nurse(), base).text();
        assertThat(staffView)
                .contains(
                        "Benedict Bumblebee",
                        "Cressida Chameleon",
                        g.ben().id(),
                        g.recordB().id());
    }

    @Test
    void aPatientSeesTheirOwnRecordOnTheirConversationAndNotAnotherPatients() {
        Group g = group();
        String mine = conversations
                .create(
                        asCurrent(g.nurse()),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.PATIENT,
                                "Your follow-up",
                                g.recordA().id(),
                                true,
                                List.of(),
                                null))
                .id();
        JsonNode details = get(g.ann(), "/api/v1/conversations/" + mine).json();
        assertThat(details.get("patient").get("id").asString())
                .isEqualTo(g.recordA().id());
        assertThat(details.get("members").valueStream().map(m -> m.get("userId").asString()))
                .containsExactlyInAnyOrder(g.nurse().id(), g.ann().id());
        JsonNode group =
                get(g.ann(), "/api/v1/conversations/" + g.conversation()).json();
        assertThat(group.get("patient")).isNull();
        assertThat(group.get("conversation").get("patientId")).isNull();
    }

    @Test
    void inAOneWayConversationAPatientCannotReplyOverRestOrWebSocket() {
        Group g = group();
        Response flip =
                call(g.nurse(), "PATCH", "/api/v1/conversations/" + g.conversation(), Map.of("acceptResponses", false));
        assertThat(flip.status()).isEqualTo(200);
        Response forced = post(
                g.ann(),
                "/api/v1/conversations/" + g.conversation() + "/messages",
                Map.of("clientMsgId", "forced-1", "body", "Let me reply anyway"));
        assertThat(forced.status()).isEqualTo(403);
        assertThat(forced.json().get("detail").asString()).contains("1-way");
        try (WsClient socket = connect(g.ann())) {
            socket.send(Map.of("type", "resume", "others", "latest"));
            socket.awaitType("sync_complete", 20);
            socket.send(Map.of(
                    "type",
                    "send",
                    "id",
                    "s1",
                    "c",
                    g.conversation(),
                    "clientMsgId",
                    "forced-2",
                    "body",
                    "And over the socket"));
            JsonNode result = socket.await(f -> "result".equals(f.get("type").asString()), 20);
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("status").asInt()).isEqualTo(403);
        }
        assertThat(get(g.nurse(), "/api/v1/conversations/" + g.conversation() + "/messages")
                        .text())
                .doesNotContain("Let me reply anyway", "And over the socket");
    }

    @Test
    void aPatientIsRefusedStaffRoutesAndCannotBeMadeAnOwnerOrJoinAStaffConversation() {
        Group g = group();
        for (Response r : List.of(
                get(g.ann(), "/api/v1/users"),
                get(g.ann(), "/api/v1/users/" + g.nurse().id()),
                post(g.ann(), "/api/v1/patients/search", Map.of("q", "Bumblebee")),
                get(g.ann(), "/api/v1/patients/" + g.recordB().id()),
                get(g.ann(), "/api/v1/audit"),
                get(g.ann(), "/api/v1/orgs/current"),
                post(
                        g.ann(),
                        "/api/v1/conversations",
                        Map.of(
                                "kind",
                                "group",
                                "audience",
                                "patient",
                                "memberIds",
                                List.of(g.nurse().id()))),
                call(g.ann(), "DELETE", "/api/v1/conversations/" + g.conversation() + "/messages/1", null))) {
            assertThat(r.status()).as(r.text()).isEqualTo(403);
            for (String secret : g.othersSecrets()) {
                assertThat(r.text()).doesNotContain(secret);
            }
        }
        Response staffOnly = post(
                g.nurse(),
                "/api/v1/conversations",
                Map.of(
                        "kind",
                        "group",
                        "audience",
                        "staff",
                        "topic",
                        "Staff room",
                        "memberIds",
                        List.of(g.ann().id())));
        assertThat(staffOnly.status()).isEqualTo(400);
        Response owner = post(
                g.nurse(),
                "/api/v1/conversations",
                Map.of(
                        "kind",
                        "group",
                        "audience",
                        "patient",
                        "topic",
                        "Owned?",
                        "memberIds",
                        List.of(g.ann().id()),
                        "ownerIds",
                        List.of(g.ann().id())));
        assertThat(owner.status()).isEqualTo(400);
        assertThat(get(g.nurse(), "/api/v1/users").text())
                .as("patients are not in the staff directory")
                .doesNotContain(g.ann().id());
    }
}
