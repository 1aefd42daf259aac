package org.carechat.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The delivery promises of docs/delivery.md, end to end with real WebSocket clients over loopback. Runs on both
 * databases (see the subclasses).
 */
@Timeout(120)
abstract class DeliveryScenarios extends ServerTest {

    Organisation org;
    Staff alice;
    Staff bob;

    @BeforeEach
    void staff() {
        org = newOrg();
        alice = newStaff(org, Role.CLINICIAN, "Alice Adams");
        bob = newStaff(org, Role.NURSE, "Bob Brown");
    }

    @Test
    void messageSentOverWebSocketReachesTheOtherMemberLive() {
        String c = direct(alice, bob);
        try (WsClient a = connect(alice);
                WsClient b = connect(bob)) {
            a.send(Map.of("type", "resume"));
            b.send(Map.of("type", "resume"));
            a.awaitType("sync_complete", 10);
            b.awaitType("sync_complete", 10);

            a.send(Map.of("type", "send", "id", "r1", "c", c, "clientMsgId", "m-1", "body", "BP 120/80, stable"));

            JsonNode result = a.await(f -> f.get("type").asString().equals("result"), 10);
            assertThat(result.get("ok").asBoolean()).isTrue();
            assertThat(result.get("id").asString()).isEqualTo("r1");
            long seq = result.get("seq").asLong();
            JsonNode event = b.await(
                    f -> f.get("type").asString().equals("event")
                            && f.get("seq").asLong() == seq,
                    10);
            assertThat(event.get("entry").get("body").asString()).isEqualTo("BP 120/80, stable");
            assertThat(event.get("entry").get("senderName").asString()).isEqualTo("Alice Adams");
        }
    }

    @Test
    void offlineMemberGetsExactlyTheMissedMessagesInOrderThenSenderSeesDeliveredAndRead() {
        String c = direct(alice, bob);
        long before;
        try (WsClient b = connect(bob)) {
            b.send(Map.of("type", "resume"));
            b.awaitType("sync_complete", 10);
            before = lastSeq(c);
            b.send(Map.of("type", "ack", "c", c, "upTo", before));
            awaitDelivered(c, bob, before);
        }
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sent.add(sendText(alice, c, "message " + i));
        }

        try (WsClient a = connect(alice);
                WsClient b = connect(bob)) {
            a.send(Map.of("type", "resume"));
            a.awaitType("sync_complete", 10);
            b.send(Map.of("type", "resume"));
            b.awaitType("sync_complete", 30);

            List<JsonNode> received = new ArrayList<>();
            for (JsonNode batch : b.frames("batch")) {
                assertThat(batch.get("c").asString()).isEqualTo(c);
                batch.get("events").forEach(received::add);
            }
            assertThat(received).extracting(e -> e.get("seq").asLong()).containsExactlyElementsOf(sent);
            assertThat(received)
                    .extracting(e -> e.get("body").asString())
                    .containsExactlyElementsOf(LongStream.range(0, 500)
                            .mapToObj(i -> "message " + i)
                            .toList());
            int syncIndex = b.frames().indexOf(b.awaitType("sync_complete", 1));
            assertThat(b.frames().subList(0, syncIndex))
                    .filteredOn(f -> f.get("type").asString().equals("batch"))
                    .hasSizeGreaterThanOrEqualTo(3);

            long last = sent.getLast();
            b.send(Map.of("type", "ack", "c", c, "upTo", last));
            a.await(
                    f -> f.get("type").asString().equals("receipt")
                            && f.get("userId").asString().equals(bob.id())
                            && f.get("deliveredSeq").asLong() == last,
                    10);
            b.send(Map.of("type", "read", "c", c, "upTo", last));
            a.await(
                    f -> f.get("type").asString().equals("receipt")
                            && f.get("userId").asString().equals(bob.id())
                            && f.get("readSeq").asLong() == last,
                    10);
        }

        JsonNode page =
                get(alice, "/api/v1/conversations/" + c + "/messages?limit=1").json();
        JsonNode receipts = page.get(0).get("receipts");
        assertThat(receipts.get("delivered").asInt()).isEqualTo(1);
        assertThat(receipts.get("read").asInt()).isEqualTo(1);
        assertThat(receipts.get("readers").get(0).get("displayName").asString()).isEqualTo("Bob Brown");
    }

    @Test
    void concurrentSendersGetGapFreeSeqsAndARetryReturnsTheOriginal() throws Exception {
        Staff carol = newStaff(org, Role.STAFF, "Carol Clark");
        String c = group(alice, bob, carol);
        long start = lastSeq(c);
        List<Staff> senders = List.of(alice, bob, carol, alice, bob, carol);
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(senders.size())) {
            List<Future<?>> futures = new ArrayList<>();
            for (Staff s : senders) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        seqs.add(sendText(s, c, "concurrent " + i));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        int n = senders.size() * 40;
        assertThat(seqs).hasSize(n).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seqs)).isEqualTo(rangeSet(start + 1, start + n));
        assertThat(lastSeq(c)).isEqualTo(start + n);

        Map<String, String> body = Map.of("clientMsgId", "retry-" + UUID.randomUUID(), "body", "only once");
        Response first = post(alice, "/api/v1/conversations/" + c + "/messages", body);
        Response retry = post(alice, "/api/v1/conversations/" + c + "/messages", body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("messageId").asString())
                .isEqualTo(first.json().get("messageId").asString());
        assertThat(retry.json().get("seq").asLong())
                .isEqualTo(first.json().get("seq").asLong());
        assertThat(retry.json().get("duplicate").asBoolean()).isTrue();
        assertThat(lastSeq(c)).isEqualTo(start + n + 1);
    }

    @Test
    void concurrentRetriesOfOneSendStoreItOnceAndAllGetTheSameSeq() throws Exception {
        String c = direct(alice, bob);
        long start = lastSeq(c);
        Map<String, String> body = Map.of("clientMsgId", "same-" + UUID.randomUUID(), "body", "retried in a storm");
        ConcurrentLinkedQueue<Response> answers = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(
                        pool.submit(() -> answers.add(post(alice, "/api/v1/conversations/" + c + "/messages", body))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(answers).extracting(Response::status).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(answers).extracting(r -> r.json().get("seq").asLong()).containsOnly(start + 1);
        assertThat(lastSeq(c)).isEqualTo(start + 1);
        assertThat(get(bob, "/api/v1/conversations/" + c + "/messages?after=" + start)
                        .json())
                .hasSize(1);
    }

    @Test
    void removedMembersSocketIsResetAndReceivesNothingMore() {
        Staff carol = newStaff(org, Role.STAFF, "Carol Clark");
        String c = group(alice, bob, carol);
        try (WsClient b = connect(bob)) {
            b.send(Map.of("type", "resume"));
            b.awaitType("sync_complete", 10);
            sendText(alice, c, "before removal");
            b.await(
                    f -> f.get("type").asString().equals("event")
                            && "before removal"
                                    .equals(f.get("entry").path("body").asString(null)),
                    10);

            Response removed = call(alice, "DELETE", "/api/v1/conversations/" + c + "/members/" + bob.id(), null);
            assertThat(removed.status()).isEqualTo(204);
            b.await(
                    f -> f.get("type").asString().equals("reset")
                            && f.get("c").asString().equals(c),
                    10);
            b.clear();
            sendText(alice, c, "after removal");
            sendText(carol, c, "still after removal");
            // A later message in another conversation proves the socket is still served.
            String other = direct(alice, bob);
            sendText(alice, other, "elsewhere");
            b.await(
                    f -> f.get("type").asString().equals("event")
                            && f.get("c").asString().equals(other)
                            && f.get("entry").path("body").asString("").equals("elsewhere"),
                    10);
            assertThat(b.frames()).noneMatch(f -> f.path("c").asString("").equals(c));
            assertThat(get(bob, "/api/v1/conversations/" + c + "/messages").status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aMemberAddedWhileOnlineStartsReceivingTheConversationLiveAndTypingIsRelayed() {
        Staff carol = newStaff(org, Role.STAFF, "Carol Clark");
        String c = group(alice, bob);
        try (WsClient a = connect(alice);
                WsClient k = connect(carol)) {
            a.send(Map.of("type", "resume"));
            k.send(Map.of("type", "resume"));
            a.awaitType("sync_complete", 10);
            k.awaitType("sync_complete", 10);

            Response added = post(alice, "/api/v1/conversations/" + c + "/members", Map.of("userId", carol.id()));
            assertThat(added.status()).isEqualTo(200);
            k.await(
                    f -> f.get("type").asString().equals("event")
                            && f.get("c").asString().equals(c)
                            && f.get("entry").get("kind").asString().equals("member_added"),
                    10);
            sendText(bob, c, "welcome Carol");
            k.await(
                    f -> f.get("type").asString().equals("event")
                            && "welcome Carol"
                                    .equals(f.get("entry").path("body").asString(null)),
                    10);

            k.send(Map.of("type", "typing", "c", c));
            JsonNode typing = a.awaitType("typing", 10);
            assertThat(typing.get("userId").asString()).isEqualTo(carol.id());
            assertThat(k.frames("typing")).isEmpty();
        }
    }

    @Test
    void receiptsOfABusyGroupAreMergedPerWindowAndEachMembersNewestMarkersArrive() {
        List<Staff> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            others.add(newStaff(org, Role.NURSE, "Nurse " + i));
        }
        String c = group(alice, others.toArray(Staff[]::new));
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            seqs.add(sendText(alice, c, "round " + i));
        }
        List<WsClient> sockets = new ArrayList<>();
        try (WsClient a = connect(alice)) {
            for (Staff other : others) {
                sockets.add(connect(other));
            }
            a.send(Map.of("type", "resume"));
            a.awaitType("sync_complete", 10);
            for (WsClient socket : sockets) {
                socket.send(Map.of("type", "resume"));
                socket.awaitType("sync_complete", 10);
            }

            // Every member acknowledges every message, one frame each: 150 marker moves.
            long start = System.nanoTime();
            for (long seq : seqs) {
                for (WsClient socket : sockets) {
                    socket.send(Map.of("type", "ack", "c", c, "upTo", seq));
                }
            }
            long last = seqs.getLast();
            for (Staff other : others) {
                a.await(
                        f -> f.get("type").asString().equals("receipt")
                                && f.get("userId").asString().equals(other.id())
                                && f.get("deliveredSeq").asLong() == last,
                        10);
            }
            long windows = (System.nanoTime() - start) / ReceiptFanOut.WINDOW.toNanos() + 2;

            Map<String, Long> perMember = new HashMap<>();
            a.frames("receipt").forEach(f -> perMember.merge(f.get("userId").asString(), 1L, Long::sum));
            perMember.remove(alice.id()); // her own markers moved with her sends
            assertThat(perMember).hasSize(others.size());
            assertThat(perMember.values())
                    .allSatisfy(count -> assertThat(count)
                            .as("receipts per member: at most one per window, not one per acknowledgement")
                            .isLessThanOrEqualTo(windows));
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    @Test
    void flippingAConversationToOneWayStopsNonOwnersWritingUntilItIsFlippedBack() {
        String c = group(alice, bob);
        Response oneWay = call(alice, "PATCH", "/api/v1/conversations/" + c, Map.of("acceptResponses", false));
        assertThat(oneWay.status()).isEqualTo(200);
        assertThat(oneWay.json().get("conversation").get("acceptResponses").asBoolean())
                .isFalse();

        Response refused = post(
                bob, "/api/v1/conversations/" + c + "/messages", Map.of("clientMsgId", "b-1", "body", "can I reply?"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("does not accept responses");
        assertThat(call(bob, "PATCH", "/api/v1/conversations/" + c, Map.of("acceptResponses", true))
                        .status())
                .isEqualTo(403);
        sendText(alice, c, "owners still write");

        call(alice, "PATCH", "/api/v1/conversations/" + c, Map.of("acceptResponses", true));
        assertThat(post(
                                bob,
                                "/api/v1/conversations/" + c + "/messages",
                                Map.of("clientMsgId", "b-1", "body", "now I can"))
                        .status())
                .isEqualTo(201);
        JsonNode kinds = get(bob, "/api/v1/conversations/" + c + "/messages").json();
        assertThat(kinds)
                .extracting(e -> e.get("kind").asString())
                .containsSubsequence("settings_changed", "text", "settings_changed", "text");
    }

    @Test
    void aRetryOfASendStoredBeforeTheConversationTurnedOneWayGetsTheOriginalNotARefusal() {
        String c = group(alice, bob);
        Map<String, String> body = Map.of("clientMsgId", "before-flip", "body", "sent while 2-way");
        Response first = post(bob, "/api/v1/conversations/" + c + "/messages", body);
        assertThat(call(alice, "PATCH", "/api/v1/conversations/" + c, Map.of("acceptResponses", false))
                        .status())
                .isEqualTo(200);
        Response retry = post(bob, "/api/v1/conversations/" + c + "/messages", body);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("seq").asLong())
                .isEqualTo(first.json().get("seq").asLong());
        Response fresh = post(
                bob, "/api/v1/conversations/" + c + "/messages", Map.of("clientMsgId", "after-flip", "body", "new"));
        assertThat(fresh.status()).isEqualTo(403);
    }

    @Test
    void aDirectConversationBetweenTheSamePairIsCreatedOnce() {
        String first = direct(alice, bob);
        Response again = post(
                bob,
                "/api/v1/conversations",
                Map.of("kind", "direct", "audience", "staff", "memberIds", List.of(alice.id())));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("conversation").get("id").asString()).isEqualTo(first);
        Response bad = post(
                alice,
                "/api/v1/conversations",
                Map.of(
                        "kind",
                        "direct",
                        "audience",
                        "staff",
                        "memberIds",
                        List.of(bob.id(), newStaff(org, Role.STAFF, "X").id())));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("detail").asString()).contains("exactly one other member");
    }

    @Test
    void bothSidesStartingTheirDirectConversationAtOnceGetTheSameOne() throws Exception {
        for (int round = 0; round < 5; round++) {
            Staff carol = newStaff(org, Role.STAFF, "Carol Cole " + round);
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                List<Future<Response>> asked = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Staff from = i % 2 == 0 ? alice : carol;
                    Staff to = i % 2 == 0 ? carol : alice;
                    asked.add(pool.submit(() -> post(
                            from,
                            "/api/v1/conversations",
                            Map.of("kind", "direct", "audience", "staff", "memberIds", List.of(to.id())))));
                }
                Set<String> ids = new HashSet<>();
                for (Future<Response> answer : asked) {
                    assertThat(answer.get().status()).isEqualTo(201);
                    ids.add(answer.get().json().get("conversation").get("id").asString());
                }
                assertThat(ids).as("one direct conversation for the pair").hasSize(1);
            }
        }
    }

    @Test
    void resumeWithOthersLatestCatchesUpOnlyTheNamedConversationsThenPushesEverythingNew() {
        String named = direct(alice, bob);
        String quiet = group(alice, bob);
        long heldInNamed = lastSeq(named);
        sendText(alice, named, "missed in named");
        sendText(alice, quiet, "old news in quiet");
        try (WsClient b = connect(bob)) {
            b.send(Map.of(
                    "type", "resume", "cursors", List.of(Map.of("c", named, "seq", heldInNamed)), "others", "latest"));
            b.awaitType("sync_complete", 10);
            assertThat(b.frames("batch")).singleElement().satisfies(batch -> {
                assertThat(batch.get("c").asString()).isEqualTo(named);
                assertThat(batch.get("events"))
                        .extracting(e -> e.path("body").asString(""))
                        .containsExactly("missed in named");
            });

            sendText(alice, quiet, "new in quiet");
            JsonNode live = b.await(
                    f -> f.get("type").asString().equals("event")
                            && f.get("c").asString().equals(quiet),
                    10);
            assertThat(live.get("entry").get("body").asString()).isEqualTo("new in quiet");
            assertThat(b.frames("event")).hasSize(1);
        }
    }

    @Test
    void resumeWithAnUnknownOthersValueIsRefusedWithAnErrorFrame() {
        try (WsClient b = connect(bob)) {
            b.send(Map.of("type", "resume", "others", "everything"));
            assertThat(b.awaitType("error", 10).get("detail").asString())
                    .isEqualTo("'others' must be \"device\" or \"latest\"");
            assertThat(b.frames("sync_complete")).isEmpty();
        }
    }

    long lastSeq(String conversationId) {
        return get(alice, "/api/v1/conversations/" + conversationId)
                .json()
                .get("conversation")
                .get("lastSeq")
                .asLong();
    }

    void awaitDelivered(String c, Staff member, long seq) {
        for (int i = 0; i < 500; i++) {
            JsonNode members = get(alice, "/api/v1/conversations/" + c).json().get("members");
            for (JsonNode m : members) {
                if (m.get("userId").asString().equals(member.id())
                        && m.get("deliveredSeq").asLong() >= seq) {
                    return;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("not delivered");
    }

    static Set<Long> rangeSet(long from, long to) {
        Set<Long> set = new HashSet<>();
        for (long i = from; i <= to; i++) {
            set.add(i);
        }
        return set;
    }
}
