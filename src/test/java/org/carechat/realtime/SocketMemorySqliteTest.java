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
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What an idle socket keeps is small (issue #20): none of the upgrade's headers, and buffers of a few KiB
 * ({@link SocketBuffers}) — which still carry the largest frames the API allows, both ways, in parts.
 */
@OnSqlite
class SocketMemorySqliteTest extends ServerTest {

    /** A message body's limit (MessageService): the largest entry a client can send or be sent. */
    private static final int BODY_LIMIT = 4000;

    @Autowired
    ConnectionRegistry registry;

    @Test
    void anOpenSocketKeepsNoneOfTheUpgradesHeadersItsCredentialsAmongThem() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        try (WsClient a = connect(alice)) {
            a.roundTrip("p1"); // the socket is registered and answers
            assertThat(registry.ofUser(alice.id()))
                    .singleElement()
                    .satisfies(c -> assertThat(c.session.getHandshakeHeaders().headerNames())
                            .isEmpty());
        }
    }

    @Test
    void aFrameOfExactlyTheSizeCapInMultiByteCharactersIsReadWhole() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        String c = direct(alice, bob);
        int cap = 65_536; // carechat.realtime.max-frame-bytes, counted in characters
        String envelope = JSON.writeValueAsString(
                Map.of("type", "send", "id", "s1", "c", c, "clientMsgId", "at-the-cap", "body", ""));
        int bodyLength = cap - envelope.length();
        String body = "€✓é".repeat(bodyLength / 3) + "ü".repeat(bodyLength % 3); // about 170 KB of UTF-8
        String frame = JSON.writeValueAsString(
                Map.of("type", "send", "id", "s1", "c", c, "clientMsgId", "at-the-cap", "body", body));
        assertThat(frame).hasSize(cap);
        try (WsClient a = connect(alice)) {
            a.sendRaw(frame);
            // Refused for its body's length, which the server could only count having read the frame whole.
            assertThat(a.awaitType("result", 20).get("error").asString())
                    .isEqualTo("The message has " + bodyLength + " characters; the limit is " + BODY_LIMIT);
            a.roundTrip("after");
            assertThat(a.isClosed()).isFalse();
        }
    }

    @Test
    void aBinaryFrameManyTimesItsBufferIsRefusedWithCode1003() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        try (WsClient a = connect(alice)) {
            a.sendBinary(new byte[16 * WebSocketConfig.BINARY_BUFFER_BYTES]);
            assertThat(a.awaitClose(10)).isEqualTo(1003);
        }
    }

    @Test
    void messagesAtTheBodyLimitInMultiByteCharactersReachAnotherDeviceWholeLiveAndOnResume() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        String c = direct(alice, bob);
        String body = "€✓é".repeat(BODY_LIMIT / 3) + "ü"; // 4,000 characters, 8,002 bytes of UTF-8
        assertThat(body).hasSize(BODY_LIMIT);
        try (WsClient a = connect(alice);
                WsClient b = connect(bob)) {
            a.resumeAndAwaitSync(10);
            b.resumeAndAwaitSync(10);
            a.send(Map.of("type", "send", "id", "s1", "c", c, "clientMsgId", "long-1", "body", body));
            long seq = a.awaitType("result", 10).get("seq").asLong();
            JsonNode live = b.await(
                    f -> "event".equals(f.get("type").asString())
                            && f.get("seq").asLong() == seq,
                    10);
            assertThat(live.get("entry").get("body").asString()).isEqualTo(body);
        }
        for (int i = 0; i < 20; i++) {
            sendText(alice, c, body);
        }
        try (WsClient b = connect(bob)) {
            b.resumeAndAwaitSync(20);
            List<String> bodies = new ArrayList<>();
            for (JsonNode batch : b.frames("batch")) {
                batch.get("events")
                        .valueStream()
                        .filter(e -> e.hasNonNull("body"))
                        .forEach(e -> bodies.add(e.get("body").asString()));
            }
            assertThat(bodies).hasSize(21).containsOnly(body);
        }
    }
}
