package org.carechat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.ExecutedStatements;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A send's access check is answered from this node's memory of who is in the conversation and confirmed by the send's
 * own transaction (issue #20): a known member's sends run no access query, and a change this node's memory has not
 * seen — as another node's removal or 1-way switch — is still refused by the send itself, with the refusal the
 * database gives, audited (docs/security.md §Authorisation, access checks from memory).
 */
@Timeout(120)
abstract class SendAccessScenarios extends ServerTest {

    /** The text of the access check's query ({@code ConversationRepository.findAccess}). */
    private static final String ACCESS_QUERY =
            "LEFT JOIN conversation_member m ON m.conversation_id = c.id AND m.user_id";

    @Autowired
    JdbcClient jdbc;

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
    void aKnownMembersSendsRunNoAccessQuery() {
        String c = group(alice, bob);
        sendText(bob, c, "Obs 1");

        List<String> statements = ExecutedStatements.during(
                () -> {
                    for (int i = 2; i <= 11; i++) {
                        sendText(bob, c, "Obs " + i);
                    }
                },
                "tomcat-handler",
                "carechat-");

        assertThat(statements.stream().filter(s -> s.contains(ACCESS_QUERY)))
                .as("access queries for 10 sends (one per send before)")
                .isEmpty();
        assertThat(bobsMessages(c)).isEqualTo(11);
    }

    @Test
    void aMemberRemovedBehindThisNodesMemoryIsRefusedByTheSendItselfAndAudited() {
        String c = group(alice, bob);
        long first = sendText(bob, c, "Bed 4 first");

        // As another node removes a member: the row goes, this node's memory is not told.
        jdbc.sql("DELETE FROM conversation_member WHERE conversation_id = ? AND user_id = ?")
                .params(c, bob.id())
                .update();

        assertThat(post(bob, "/api/v1/conversations/" + c + "/messages", body("m-after", "still here?"))
                        .status())
                .isEqualTo(404);
        assertThat(post(bob, "/api/v1/conversations/" + c + "/messages", body("m-again", "and now?"))
                        .status())
                .as("refused again, from the database")
                .isEqualTo(404);
        assertThat(bobsMessages(c)).isEqualTo(1);
        assertThat(lastSeq(c)).as("the refused send's seq given back").isEqualTo(first);
        awaitRefusals("not_a_member", 2);
    }

    @Test
    void aConversationTurnedOneWayBehindThisNodesMemoryTakesOnlyItsOwnersMessages() {
        String c = group(alice, bob);
        sendText(bob, c, "Bed 4 first");
        sendText(alice, c, "Noted");

        // As another node makes it 1-way: the row changes, this node's memory is not told.
        jdbc.sql("UPDATE conversation SET accept_responses = 0 WHERE id = ?")
                .params(c)
                .update();

        assertThat(post(bob, "/api/v1/conversations/" + c + "/messages", body("m-1way", "may I?"))
                        .status())
                .isEqualTo(403);
        sendText(alice, c, "Owners still write");
        assertThat(bobsMessages(c)).isEqualTo(1);
        awaitRefusals("one_way", 1);
    }

    @Test
    void aPatientRelinkedBehindThisNodesMemoryIsTheOneTheSendsAuditRowNames() {
        String c = group(alice, bob);
        sendText(bob, c, "Bed 4 first"); // this node now knows the conversation: no patient linked
        Patient linked = patientRecord(org, "Grace", "Hopper", "1950-01-02", null, null);

        // As another node links the conversation to a patient: the row changes, this node's memory is not told.
        jdbc.sql("UPDATE conversation SET patient_id = ? WHERE id = ?")
                .params(linked.id(), c)
                .update();
        long seq = sendText(bob, c, "Obs after the link");

        assertThat(jdbc.sql("SELECT patient_id FROM audit_event WHERE org_id = ? AND type = 'MESSAGE_SENT' "
                                + "AND conversation_id = ? AND details LIKE ?")
                        .params(org.id(), c, "%\"seq\":" + seq + "%")
                        .query(String.class)
                        .list())
                .as("the send's audit row names the patient the database has, not memory's")
                .containsExactly(linked.id());
    }

    private static java.util.Map<String, String> body(String clientMsgId, String text) {
        return java.util.Map.of("clientMsgId", clientMsgId, "body", text);
    }

    private long bobsMessages(String c) {
        return jdbc.sql("SELECT COUNT(*) FROM message WHERE conversation_id = ? AND sender_id = ?")
                .params(c, bob.id())
                .query(Long.class)
                .single();
    }

    private long lastSeq(String c) {
        return jdbc.sql("SELECT last_seq FROM conversation WHERE id = ?")
                .params(c)
                .query(Long.class)
                .single();
    }

    private void awaitRefusals(String reason, long expected) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? "
                                        + "AND actor_id = ? AND type = ? AND details LIKE ?")
                                .params(
                                        org.id(),
                                        bob.id(),
                                        reason.equals("one_way") ? "MESSAGE_SENT" : "ACCESS_DENIED",
                                        "%" + reason + "%")
                                .query(Long.class)
                                .single())
                        .isEqualTo(expected));
    }
}
