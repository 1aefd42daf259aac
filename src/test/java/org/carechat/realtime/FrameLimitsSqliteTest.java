package org.carechat.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.OnSqlite;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Inbound frames are checked like any API input: bad ones get an error frame, oversized ones end the socket. */
@OnSqlite
class FrameLimitsSqliteTest extends ServerTest {

    @Test
    void malformedUnknownAndIncompleteFramesGetAnErrorAndTheSocketStaysUsable() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        try (WsClient a = connect(alice)) {
            a.sendRaw("{not json");
            a.sendRaw("{\"type\":\"teleport\"}");
            a.sendRaw("{\"type\":\"ack\",\"c\":\"x\",\"upTo\":1,\"extra\":true}");
            a.sendRaw("{\"type\":\"ack\",\"upTo\":1}");
            a.send(Map.of("type", "ping", "id", "p1"));
            JsonNode pong = a.awaitType("pong", 10);
            assertThat(pong.get("id").asString()).isEqualTo("p1");
            assertThat(a.frames("error")).hasSize(4);
            assertThat(a.frames("error").get(3).get("detail").asString())
                    .isEqualTo("The frame needs the conversation id in 'c'");
            assertThat(a.isClosed()).isFalse();
        }
    }

    @Test
    void aFrameOverTheSizeCapClosesTheSocketWithCode1009() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        String c = direct(alice, bob);
        try (WsClient a = connect(alice)) {
            a.sendRaw("{\"type\":\"send\",\"id\":\"1\",\"c\":\"" + c + "\",\"clientMsgId\":\"big\",\"body\":\""
                    + "x".repeat(70_000) + "\"}");
            assertThat(a.awaitClose(10)).isEqualTo(1009);
        }
        assertThat(get(alice, "/api/v1/conversations/" + c + "/messages").text())
                .doesNotContain("xxxxxxxxxx");
    }

    @Test
    void aFrameBiggerThanTheReadBufferButUnderTheCapIsReadWhole() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        String c = direct(alice, bob);
        String body = "Ward round summary: " + "é obs stable, ".repeat(280); // 3,940 characters, 4,220 bytes
        List<Map<String, Object>> cursors = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            cursors.add(Map.of("c", "not-a-conversation-" + i, "seq", i));
        }
        try (WsClient a = connect(alice)) {
            // About 30,000 characters: read in parts (the buffer holds 512 characters) and put together.
            a.send(Map.of("type", "resume", "cursors", cursors));
            a.awaitType("sync_complete", 10);
            assertThat(a.frames("reset")).hasSize(400);
            a.send(Map.of("type", "send", "id", "s1", "c", c, "clientMsgId", "long-one", "body", body));
            assertThat(a.awaitType("result", 10).get("ok").asBoolean()).isTrue();
            assertThat(a.isClosed()).isFalse();
        }
        assertThat(get(alice, "/api/v1/conversations/" + c + "/messages")
                        .json()
                        .valueStream()
                        .filter(e -> "text".equals(e.get("kind").asString()))
                        .map(e -> e.get("body").asString()))
                .containsExactly(body);
    }

    @Test
    void aSendOverTheMessageLimitIsAnsweredWithAFailedResultNamingTheLimit() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        String c = direct(alice, bob);
        try (WsClient a = connect(alice)) {
            a.send(Map.of("type", "send", "id", "r9", "c", c, "clientMsgId", "long", "body", "y".repeat(4001)));
            JsonNode result = a.awaitType("result", 10);
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("status").asInt()).isEqualTo(400);
            assertThat(result.get("error").asString()).isEqualTo("The message has 4001 characters; the limit is 4000");
        }
    }
}
