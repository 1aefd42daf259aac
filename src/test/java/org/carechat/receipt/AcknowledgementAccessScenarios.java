package org.carechat.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.ExecutedStatements;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.carechat.web.ApiProblem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A socket's acknowledgement is checked from this node's memory of who is in the conversation (issue #20): a known
 * member's acks read nothing, and a member removed on this node is refused on their very next ack and send, the
 * refusals audited (docs/security.md §Authorisation, access checks from memory).
 */
@Timeout(120)
abstract class AcknowledgementAccessScenarios extends ServerTest {

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

    @Test
    void aKnownMembersAcknowledgementsOfWhatTheyWereSentReadNoMembership() {
        String c = direct(alice, bob);
        try (WsClient b = connect(bob)) {
            b.send(Map.of("type", "resume"));
            b.awaitType("sync_complete", 10);
            long first = sendText(alice, c, "Obs 1");
            awaitEvent(b, first);
            b.send(Map.of("type", "ack", "c", c, "upTo", first));
            b.roundTrip("warm");
            for (int i = 2; i <= 11; i++) {
                sendText(alice, c, "Obs " + i);
            }
            awaitEvent(b, first + 10);

            List<String> acks = ExecutedStatements.during(
                    () -> {
                        for (long upTo = first + 1; upTo <= first + 10; upTo++) {
                            b.send(Map.of("type", "ack", "c", c, "upTo", upTo));
                        }
                        b.roundTrip("acked");
                    },
                    "tomcat-handler");

            assertThat(acks.stream().filter(s -> s.contains("conversation_member")))
                    .as("membership reads for 10 acknowledgements (one per ack before; at most one reload after)")
                    .hasSizeLessThanOrEqualTo(1);
            pending.flushNow();
            assertThat(deliveredCursor(c)).containsExactly(first + 10);
        }
    }

    @Test
    void aMemberRemovedOnThisNodeIsRefusedOnTheirNextAcknowledgementAndSendAndBothAreAudited() {
        String c = group(alice, bob);
        try (WsClient b = connect(bob)) {
            b.send(Map.of("type", "resume"));
            b.awaitType("sync_complete", 10);
            long first = sendText(alice, c, "Bed 4 first");
            awaitEvent(b, first);
            b.send(Map.of("type", "ack", "c", c, "upTo", first));
            b.roundTrip("known");
            long second = sendText(alice, c, "Bed 4 second");
            awaitEvent(b, second);

            assertThat(call(alice, "DELETE", "/api/v1/conversations/" + c + "/members/" + bob.id(), null)
                            .status())
                    .isEqualTo(204);
            b.send(Map.of("type", "ack", "c", c, "upTo", second));
            assertThat(b.awaitType("error", 10).get("detail").asString()).contains("Conversation " + c);
            b.send(Map.of("type", "send", "id", "s1", "c", c, "clientMsgId", "m-after", "body", "still here?"));
            JsonNode result = b.await(f -> "result".equals(f.path("type").asString(null)), 10);
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("status").asInt()).isEqualTo(404);
            pending.flushNow();
            assertThat(deliveredCursor(c)).as("the refused ack wrote nothing").containsExactly(first);
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? "
                                        + "AND actor_id = ? AND type = 'ACCESS_DENIED' AND details LIKE ?")
                                .params(org.id(), bob.id(), "%not_a_member%")
                                .query(Long.class)
                                .single())
                        .as("the ack's and the send's refusals")
                        .isEqualTo(2));
    }

    @Test
    void theRemovalTakesEffectTheMomentItIsAnsweredNotWhenItsRingArrives() {
        String c = group(alice, bob);
        long seq = sendText(alice, c, "Bed 4");
        assertThat(conversations.requireMemberToAcknowledge(asCurrent(bob), c, seq))
                .as("known to this node's memory")
                .isNotNull();

        conversations.removeMember(asCurrent(alice), c, bob.id());

        assertThatThrownBy(() -> conversations.requireMemberToAcknowledge(asCurrent(bob), c, seq))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.status().value()).isEqualTo(404));
    }

    private List<Long> deliveredCursor(String c) {
        return jdbc.sql("SELECT delivered_seq FROM device_cursor WHERE conversation_id = ? AND user_id = ?")
                .params(c, bob.id())
                .query(Long.class)
                .list();
    }

    private static void awaitEvent(WsClient socket, long seq) {
        socket.await(
                f -> "event".equals(f.path("type").asString(null))
                        && f.get("seq").asLong() == seq,
                10);
    }
}
