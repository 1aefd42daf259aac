package org.carechat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.SoftAssertions;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.system.CareChatProperties;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The WebSocket half of the access-control promise: the upgrade refuses anonymous callers and foreign browser
 * origins, and every client frame that names a conversation is refused for a non-member, whose socket never
 * carries anything of that conversation. Runs on both databases (see the subclasses).
 */
@Timeout(600)
abstract class AccessControlOverWebSocketScenarios extends AccessFixture {

    /** Longer than SQLite's 30 s busy timeout, so that a stuck refusal shows as slow rather than missing. */
    static final int AWAIT_SECONDS = 45;

    @Autowired
    CareChatProperties properties;

    @Test
    void handshakeWithoutValidCredentialsIsRefusedWith401() {
        assertThat(handshakeStatus(http.newWebSocketBuilder())).isEqualTo(401);
        assertThat(handshakeStatus(http.newWebSocketBuilder().header("Authorization", "Bearer cc_bogus")))
                .isEqualTo(401);
        assertThat(handshakeStatus(http.newWebSocketBuilder().header("Authorization", "Bearer " + alice.token())))
                .isEqualTo(101);
    }

    @Test
    void handshakeFromAForeignOriginIsRefusedWith403EvenWithAValidToken() {
        WebSocket.Builder evil = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + alice.token())
                .header("Origin", "https://evil.example");
        assertThat(handshakeStatus(evil)).isEqualTo(403);
        WebSocket.Builder own = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + alice.token())
                .header("Origin", properties.publicUrl());
        assertThat(handshakeStatus(own)).isEqualTo(101);
    }

    @Test
    void framesNamingAConversationAreRefusedForANonMemberOfTheSameOrganisation() {
        assertFramesRefused(mallory);
    }

    @Test
    void framesNamingAConversationAreRefusedForAnotherOrganisationsStaff() {
        assertFramesRefused(zed);
    }

    /** send answers a failed result with 404; ack, read and typing answer an error; all at once; nothing changes. */
    void assertFramesRefused(Staff caller) {
        SoftAssertions s = new SoftAssertions();
        try (WsClient ws = connect(caller);
                WsClient owner = connect(alice)) {
            resume(ws);
            resume(owner);
            ws.clear();
            long start = System.nanoTime();
            ws.send(Map.of(
                    "type",
                    "send",
                    "id",
                    "s-1",
                    "c",
                    conversationA,
                    "clientMsgId",
                    "intruder-1",
                    "body",
                    "Written by an outsider"));
            JsonNode result =
                    ws.await(f -> is(f, "result") && "s-1".equals(f.path("id").asString(null)), AWAIT_SECONDS);
            assertPrompt(s, "send", start);
            s.assertThat(result.get("ok").asBoolean()).as("send: %s", result).isFalse();
            s.assertThat(result.path("status").asInt()).as("send: %s", result).isEqualTo(404);
            assertNoSecrets(s, "send", result);
            for (Map<String, Object> frame : List.of(
                    Map.<String, Object>of("type", "ack", "c", conversationA, "upTo", seqA),
                    Map.<String, Object>of("type", "read", "c", conversationA, "upTo", seqA),
                    Map.<String, Object>of("type", "typing", "c", conversationA),
                    Map.<String, Object>of("type", "acknowledge", "c", conversationA, "seq", seqA))) {
                ws.clear();
                start = System.nanoTime();
                ws.send(frame);
                JsonNode error = ws.awaitType("error", AWAIT_SECONDS);
                assertPrompt(s, frame.get("type"), start);
                s.assertThat(error.get("detail").asString())
                        .as("%s: %s", frame.get("type"), error)
                        .contains("not found");
                assertNoSecrets(s, frame.get("type"), error);
            }
            ws.send(Map.of("type", "ping", "id", "p-1"));
            ws.awaitType("pong", AWAIT_SECONDS);
            s.assertThat(owner.frames())
                    .as("the owner's socket")
                    .noneMatch(f -> f.toString().contains(caller.id()));
        }
        JsonNode details = get(alice, "/api/v1/conversations/" + conversationA).json();
        s.assertThat(details.get("conversation").get("lastSeq").asLong()).isEqualTo(seqA);
        s.assertThat(details.get("members").toString()).doesNotContain(caller.id());
        s.assertAll();
    }

    @Test
    void nonMemberSocketsReceiveNothingOfAConversationWhileItsMembersTalk() throws InterruptedException {
        String live = "Live " + tag;
        try (WsClient a = connect(alice);
                WsClient b = connect(bob);
                WsClient m = connect(mallory);
                WsClient z = connect(zed)) {
            for (WsClient ws : List.of(a, b, m, z)) {
                resume(ws);
            }
            a.send(Map.of("type", "send", "id", "a-1", "c", conversationA, "clientMsgId", "live-1", "body", live));
            long seq = a.await(f -> is(f, "result") && f.get("ok").asBoolean(), 10)
                    .get("seq")
                    .asLong();
            b.await(
                    f -> is(f, "event")
                            && f.get("seq").asLong() == seq
                            && conversationA.equals(f.get("c").asString()),
                    10);
            b.send(Map.of("type", "read", "c", conversationA, "upTo", seq));
            a.await(
                    f -> is(f, "receipt")
                            && bob.id().equals(f.get("userId").asString())
                            && f.get("readSeq").asLong() == seq,
                    10);
            b.send(Map.of("type", "typing", "c", conversationA));
            a.await(f -> is(f, "typing") && bob.id().equals(f.get("userId").asString()), 10);
            // The outsiders' sockets are being served meanwhile: their own conversations reach them.
            sendText(alice, direct(alice, mallory), "For Mallory " + tag);
            m.await(f -> is(f, "event") && f.toString().contains("For Mallory " + tag), 10);
            sendText(zara, conversationB, "For Zed " + tag);
            z.await(f -> is(f, "event") && f.toString().contains("For Zed " + tag), 10);
            Thread.sleep(500);
            for (WsClient outsider : List.of(m, z)) {
                assertThat(outsider.frames())
                        .isNotEmpty()
                        .allSatisfy(f -> assertThat(f.toString()).doesNotContain(conversationA, topicA, textA, live));
            }
        }
    }

    @Test
    void resumeWithACursorForAConversationTheUserIsNotInIsResetAsNotAMemberWithNoEvents() throws InterruptedException {
        for (Staff caller : List.of(mallory, zed)) {
            try (WsClient ws = connect(caller)) {
                ws.send(Map.of("type", "resume", "cursors", List.of(Map.of("c", conversationA, "seq", 0))));
                ws.awaitType("sync_complete", 10);
                assertThat(ws.frames("reset"))
                        .extracting(f ->
                                f.get("c").asString() + " " + f.get("reason").asString())
                        .containsExactly(conversationA + " not_a_member");
                sendText(alice, conversationA, "After the resume " + tag);
                Thread.sleep(500);
                assertThat(ws.frames())
                        .filteredOn(f -> !is(f, "reset"))
                        .allSatisfy(f -> assertThat(f.toString()).doesNotContain(conversationA));
                assertThat(ws.frames())
                        .allSatisfy(
                                f -> assertThat(f.toString()).doesNotContain(topicA, textA, "After the resume " + tag));
            }
        }
    }

    @Test
    void oneWayConversationRefusesANonOwnersSendFrameWith403AndAcceptsTheOwners() {
        String oneWay = conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Announcements " + tag,
                                null,
                                false,
                                List.of(bob.id()),
                                null))
                .id();
        try (WsClient a = connect(alice);
                WsClient b = connect(bob)) {
            resume(a);
            resume(b);
            b.send(Map.of("type", "send", "id", "b-1", "c", oneWay, "clientMsgId", "b-1", "body", "Can I reply?"));
            JsonNode refused =
                    b.await(f -> is(f, "result") && "b-1".equals(f.get("id").asString()), 10);
            assertThat(refused.get("ok").asBoolean()).isFalse();
            assertThat(refused.get("status").asInt()).isEqualTo(403);
            a.send(Map.of("type", "send", "id", "a-1", "c", oneWay, "clientMsgId", "a-1", "body", "Clinic closes"));
            JsonNode sent =
                    a.await(f -> is(f, "result") && "a-1".equals(f.get("id").asString()), 10);
            assertThat(sent.get("ok").asBoolean()).as(sent.toString()).isTrue();
            b.await(f -> is(f, "event") && f.toString().contains("Clinic closes"), 10);
        }
    }

    int handshakeStatus(WebSocket.Builder builder) {
        try {
            WebSocket ws = builder.connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), new WebSocket.Listener() {})
                    .join();
            ws.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    void assertPrompt(SoftAssertions s, Object frame, long startNanos) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        s.assertThat(millis)
                .as("the %s frame was answered after %d ms", frame, millis)
                .isLessThan(PROMPT_MILLIS);
    }

    void assertNoSecrets(SoftAssertions s, Object frame, JsonNode answer) {
        for (String secret : List.of(topicA, textA, alice.id(), bob.id(), patientA.id())) {
            s.assertThat(answer.toString()).as("answer to %s", frame).doesNotContain(secret);
        }
    }

    static void resume(WsClient ws) {
        ws.send(Map.of("type", "resume"));
        ws.awaitType("sync_complete", 10);
    }

    static boolean is(JsonNode frame, String type) {
        return type.equals(frame.path("type").asString(null));
    }
}
