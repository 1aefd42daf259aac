package org.carechat.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The delivery invariant (STYLE.md §8): whatever the interleaving of sends, acknowledgements, resumes with and
 * without cursors, and abrupt disconnects, a client that keeps what it receives (deduplicating by seq) ends with
 * exactly the server's history, and no socket is ever sent the same seq twice or a seq out of order.
 */
@Timeout(180)
abstract class DeliveryInvariantScenarios extends ServerTest {

    @Test
    void randomSendAckAndDisconnectInterleavingsLeaveTheClientWithExactlyTheServersHistory() throws Exception {
        long seed = Long.getLong("carechat.invariant.seed", System.nanoTime());
        Random random = new Random(seed);
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        String c = direct(alice, bob);

        Map<Long, String> serverHistory = new ConcurrentHashMap<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread sender = Thread.ofVirtual().start(() -> {
            int i = 0;
            while (sending.get()) {
                String body = "msg-" + i++;
                serverHistory.put(sendText(alice, c, body), body);
                pause(random.nextInt(8));
            }
        });

        TreeMap<Long, String> local = new TreeMap<>();
        long start = 1; // the conversation_created entry; the client starts knowing it
        local.put(start, null);
        for (int round = 0; round < 40; round++) {
            WsClient socket = connect(bob);
            if (random.nextBoolean()) {
                socket.send(Map.of("type", "resume", "cursors", List.of(Map.of("c", c, "seq", contiguous(local)))));
            } else {
                socket.send(Map.of("type", "resume"));
            }
            int steps = random.nextInt(6);
            for (int s = 0; s < steps; s++) {
                pause(random.nextInt(30));
                keep(socket, c, local);
                if (random.nextInt(3) == 0) {
                    socket.send(Map.of("type", "ack", "c", c, "upTo", contiguous(local)));
                }
            }
            keep(socket, c, local);
            assertStrictlyIncreasingPerSocket(socket, c, seed);
            if (random.nextBoolean()) {
                socket.close();
            } else {
                socket.sendRaw("{\"type\":\"ping\"}");
                closeAbruptly(socket);
            }
        }
        sending.set(false);
        sender.join();

        try (WsClient socket = connect(bob)) {
            socket.send(Map.of("type", "resume", "cursors", List.of(Map.of("c", c, "seq", contiguous(local)))));
            socket.awaitType("sync_complete", 30);
            keep(socket, c, local);
            assertStrictlyIncreasingPerSocket(socket, c, seed);
        }
        Map<Long, String> received = new HashMap<>(local);
        received.remove(start);
        assertThat(received).as("client history after dedup (seed %d)", seed).isEqualTo(serverHistory);
    }

    /** The highest seq such that the client holds every seq up to it. */
    static long contiguous(TreeMap<Long, String> local) {
        long expected = local.firstKey();
        for (long seq : local.keySet()) {
            if (seq != expected) {
                break;
            }
            expected++;
        }
        return expected - 1;
    }

    static void keep(WsClient socket, String c, TreeMap<Long, String> local) {
        for (JsonNode frame : socket.frames()) {
            String type = frame.get("type").asString();
            if (type.equals("event") && frame.get("c").asString().equals(c)) {
                JsonNode e = frame.get("entry");
                local.put(e.get("seq").asLong(), e.path("body").asString(null));
            } else if (type.equals("batch") && frame.get("c").asString().equals(c)) {
                frame.get("events")
                        .forEach(e ->
                                local.put(e.get("seq").asLong(), e.path("body").asString(null)));
            }
        }
    }

    static void assertStrictlyIncreasingPerSocket(WsClient socket, String c, long seed) {
        long last = -1;
        for (JsonNode frame : socket.frames()) {
            String type = frame.get("type").asString();
            if (!frame.path("c").asString("").equals(c)) {
                continue;
            }
            if (type.equals("event")) {
                long seq = frame.get("seq").asLong();
                assertThat(seq).as("seq order on one socket (seed %d)", seed).isGreaterThan(last);
                last = seq;
            } else if (type.equals("batch")) {
                for (JsonNode e : frame.get("events")) {
                    long seq = e.get("seq").asLong();
                    assertThat(seq)
                            .as("seq order on one socket (seed %d)", seed)
                            .isGreaterThan(last);
                    last = seq;
                }
            }
        }
    }

    static void closeAbruptly(WsClient socket) {
        socket.abort();
    }

    static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
