package org.carechat.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.ExecutedStatements;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A socket's acknowledgements are written behind, coalesced per device (issue #20): a burst becomes one write of its
 * newest value, and the receipts the other members see still arrive.
 */
abstract class AcknowledgementCoalescingScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PendingAcknowledgements pending;

    Organisation org;
    Staff alice;
    Staff bob;

    @BeforeEach
    void staff() {
        org = newOrg();
        alice = newStaff(org, Role.CLINICIAN, "Alice Adams");
        bob = newStaff(org, Role.NURSE, "Bob Brown");
    }

    @AfterEach
    void windowBack() {
        pending.window(PendingAcknowledgements.WINDOW);
    }

    @Test
    void aBurstOfAcknowledgementsFromOneDeviceBecomesOneWriteOfItsNewestValue() {
        String c = direct(alice, bob);
        long first = sendText(alice, c, "Obs at 10");
        for (int i = 2; i <= 10; i++) {
            sendText(alice, c, "Obs " + i);
        }
        long last = first + 9;
        // a window long enough that the whole burst falls into it however busy the machine is
        pending.window(Duration.ofSeconds(3));
        try (WsClient b = connect(bob)) {
            b.send(Map.of("type", "resume", "cursors", List.of(Map.of("c", c, "seq", last))));
            b.awaitType("sync_complete", 10);
            for (long upTo = first; upTo <= last; upTo++) {
                b.send(Map.of("type", "ack", "c", c, "upTo", upTo));
            }
            b.roundTrip("after-the-acks");
            assertThat(deliveredMarker(c)).as("written behind, not yet").isLessThan(last);

            await().atMost(Duration.ofSeconds(15)).until(() -> deliveredMarker(c) == last);
        }
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE org_id = ? AND conversation_id = ? "
                                + "AND type = 'MESSAGE_DELIVERED' AND actor_id = ?")
                        .params(org.id(), c, bob.id())
                        .query(String.class)
                        .list())
                .as("one marker move audited, to the newest value")
                .singleElement()
                .asString()
                .contains(String.valueOf(last));
        assertThat(jdbc.sql("SELECT delivered_seq FROM device_cursor WHERE conversation_id = ? AND user_id = ?")
                        .params(c, bob.id())
                        .query(Long.class)
                        .list())
                .containsExactly(last);
    }

    @Test
    void aMembersDeliveryAndReadStillReachTheSenderAsReceipts() {
        String c = group(alice, bob);
        try (WsClient a = connect(alice);
                WsClient b = connect(bob)) {
            a.send(Map.of("type", "resume"));
            b.send(Map.of("type", "resume"));
            a.awaitType("sync_complete", 10);
            b.awaitType("sync_complete", 10);
            a.send(Map.of("type", "send", "id", "r1", "c", c, "clientMsgId", "m-1", "body", "Bed 4 needs a review"));
            long seq = a.await(f -> "result".equals(f.path("type").asString(null)), 10)
                    .get("seq")
                    .asLong();
            b.await(
                    f -> "event".equals(f.path("type").asString(null))
                            && f.get("seq").asLong() == seq,
                    10);

            b.send(Map.of("type", "ack", "c", c, "upTo", seq));
            JsonNode delivered =
                    a.await(f -> isBobsReceipt(f, c) && f.get("deliveredSeq").asLong() == seq, 10);
            assertThat(delivered.get("readSeq").asLong())
                    .as("delivered, not read")
                    .isLessThan(seq);

            b.send(Map.of("type", "read", "c", c, "upTo", seq));
            a.await(f -> isBobsReceipt(f, c) && f.get("readSeq").asLong() == seq, 10);
        }
    }

    @Test
    void aWindowOfManyDevicesAcknowledgementsIsOneStatementForTheCursorsAndOneForTheMarkers() {
        Staff carol = newStaff(org, Role.NURSE, "Carol Cole");
        Staff dave = newStaff(org, Role.NURSE, "Dave Dunn");
        String c = group(alice, bob, carol, dave);
        long first = sendText(alice, c, "Handover at 7");
        long last = sendText(alice, c, "Bed 2 first");
        pending.window(Duration.ofSeconds(60)); // the window ends when the test says so
        List<WsClient> sockets = new ArrayList<>();
        try {
            for (Staff member : List.of(bob, carol, dave)) {
                WsClient socket = connect(member);
                sockets.add(socket);
                socket.send(Map.of("type", "resume", "cursors", List.of(Map.of("c", c, "seq", last))));
                socket.awaitType("sync_complete", 10);
                // dave's device has only the first entry so far; a member's older acknowledgement is kept below
                // their newer one
                socket.send(Map.of("type", "ack", "c", c, "upTo", member == dave ? first : last));
                socket.roundTrip("acked");
            }

            List<String> written =
                    ExecutedStatements.during(pending::flushNow, "acknowledgement-flush", "carechat-sqlite-writer");

            assertThat(written.stream().filter(s -> s.contains("device_cursor")))
                    .as("the cursors of three devices")
                    .hasSize(1);
            assertThat(written.stream().filter(s -> s.contains("UPDATE conversation_member")))
                    .as("the markers of three members")
                    .hasSize(1);
        } finally {
            sockets.forEach(WsClient::close);
        }
        assertThat(jdbc.sql("SELECT user_id, delivered_seq FROM conversation_member WHERE conversation_id = ? "
                                + "AND user_id <> ? ORDER BY delivered_seq, user_id")
                        .params(c, alice.id())
                        .query((rs, n) -> rs.getString(1) + "@" + rs.getLong(2))
                        .list())
                .containsExactlyInAnyOrder(bob.id() + "@" + last, carol.id() + "@" + last, dave.id() + "@" + first);
        assertThat(jdbc.sql("SELECT user_id, delivered_seq FROM device_cursor WHERE conversation_id = ?")
                        .params(c)
                        .query((rs, n) -> rs.getString(1) + "@" + rs.getLong(2))
                        .list())
                .containsExactlyInAnyOrder(bob.id() + "@" + last, carol.id() + "@" + last, dave.id() + "@" + first);
        assertThat(jdbc.sql("SELECT actor_id FROM audit_event WHERE conversation_id = ? AND type = 'MESSAGE_DELIVERED'")
                        .params(c)
                        .query(String.class)
                        .list())
                .as("each marker move audited once, by the member whose marker moved")
                .containsExactlyInAnyOrder(bob.id(), carol.id(), dave.id());
    }

    @Test
    void anAcknowledgementBeyondTheNewestEntryIsRefusedAtOnceAndNothingIsWritten() {
        String c = direct(alice, bob);
        long seq = sendText(alice, c, "Obs at 10");
        try (WsClient b = connect(bob)) {
            b.send(Map.of("type", "resume"));
            b.awaitType("sync_complete", 10);
            b.send(Map.of("type", "ack", "c", c, "upTo", seq + 5));
            JsonNode error = b.awaitType("error", 10);
            assertThat(error.get("detail").asString())
                    .isEqualTo("upTo must be between 0 and the newest seq of the conversation (" + seq + ")");
        }
        pending.flushNow();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM device_cursor WHERE conversation_id = ? AND user_id = ?")
                        .params(c, bob.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private boolean isBobsReceipt(JsonNode frame, String c) {
        return "receipt".equals(frame.path("type").asString(null))
                && c.equals(frame.path("c").asString(null))
                && bob.id().equals(frame.path("userId").asString(null));
    }

    private long deliveredMarker(String c) {
        return jdbc.sql("SELECT delivered_seq FROM conversation_member WHERE conversation_id = ? AND user_id = ?")
                .params(c, bob.id())
                .query(Long.class)
                .single();
    }
}
