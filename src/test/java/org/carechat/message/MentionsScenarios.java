package org.carechat.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Mentions and muting: a mention is stored as the member's id and counted as an unread mention until read; a member
 * who muted a conversation is alerted only of messages that mention them or are urgent ({@link AlertRule}); neither
 * choice is shown to other members; bad mentions are refused and store nothing.
 */
abstract class MentionsScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MessageService messages;

    @Autowired
    AlertRule alertRule;

    Organisation org;
    Staff alice;
    Staff bob;
    Staff cat;

    @BeforeEach
    void ward() {
        org = newOrg();
        alice = newStaff(org, Role.CLINICIAN, "Alice Adams");
        bob = newStaff(org, Role.NURSE, "Bob Brown");
        cat = newStaff(org, Role.NURSE, "Cat Cole");
    }

    @Test
    void aMentionIsStoredAsTheMembersIdAndCountsAsTheirUnreadMentionUntilRead() {
        String c = group(alice, bob, cat);
        long seq = send(alice, c, "@Bob Brown can you check bed 7?", List.of(bob.id()))
                .json()
                .get("seq")
                .asLong();
        assertThat(jdbc.sql("SELECT user_id FROM message_mention WHERE conversation_id = ? AND seq = ?")
                        .params(c, seq)
                        .query(String.class)
                        .list())
                .containsExactly(bob.id());
        JsonNode page = get(cat, "/api/v1/conversations/" + c + "/messages").json();
        assertThat(page.get(page.size() - 1).get("meta").get("mentions").get(0).asString())
                .isEqualTo(bob.id());
        assertThat(inboxItem(bob, c).get("unreadMentions").asLong()).isEqualTo(1);
        assertThat(inboxItem(cat, c).get("unreadMentions").asLong()).isZero();

        post(bob, "/api/v1/conversations/" + c + "/read", Map.of("upTo", seq));
        assertThat(inboxItem(bob, c).get("unreadMentions").asLong()).isZero();
    }

    @Test
    void mentionsOfAnyoneButAnotherMemberOrTwiceAreRefusedAndStoreNothing() {
        String c = group(alice, bob);
        Staff outsider = newStaff(org, Role.NURSE, "Olly Outside");
        long lastSeq = lastSeq(c);
        for (List<String> wrong : List.of(
                List.of(outsider.id()), List.of(alice.id()), List.of(bob.id(), bob.id()), List.of("no-such-user"))) {
            Response refused = send(alice, c, "Hello", wrong);
            assertThat(refused.status()).as(wrong.toString()).isEqualTo(400);
            assertThat(refused.json().get("detail").asString()).containsAnyOf("mention", "member");
        }
        assertThat(lastSeq(c)).as("nothing stored").isEqualTo(lastSeq);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM message_mention WHERE conversation_id = ?")
                        .param(c)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aPatientCannotMentionAnotherPatientTheyMayNotName() {
        Patient annRecord = patientRecord(org, "Annabel", "Aardvark", "1971-01-01", null, null);
        Patient benRecord = patientRecord(org, "Benedict", "Bumblebee", "1972-02-02", null, null);
        Staff ann = patientAccount(annRecord);
        Staff ben = patientAccount(benRecord);
        String c = conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.MIXED,
                                "Knee class",
                                annRecord.id(),
                                true,
                                List.of(ann.id(), ben.id()),
                                null))
                .id();
        assertThat(send(ann, c, "Hi", List.of(ben.id())).status()).isEqualTo(400);
        assertThat(send(ann, c, "Hi", List.of(alice.id())).status()).isEqualTo(201);
    }

    @Test
    void aMemberWhoMutedAConversationIsAlertedOnlyOfMentionsOfThemAndUrgentMessages() {
        String c = group(alice, bob, cat);
        assertThat(call(bob, "PUT", "/api/v1/conversations/" + c + "/muted", Map.of("muted", true))
                        .status())
                .isEqualTo(204);
        assertThat(get(bob, "/api/v1/conversations/" + c).json().get("muted").asBoolean())
                .isTrue();
        assertThat(get(alice, "/api/v1/conversations/" + c).json().get("muted").asBoolean())
                .as("another member's choice is not shown")
                .isFalse();
        assertThat(inboxItem(bob, c).get("muted").asBoolean()).isTrue();

        assertThat(whoToAlert(c, messages.send(asCurrent(alice), c, "plain-1", "Tea is ready"), false, List.of()))
                .containsExactly(new AlertRule.Alert(cat.id(), AlertRule.Reason.MESSAGE));
        MessageService.Sent mention = messages.send(
                asCurrent(alice),
                c,
                "mention-1",
                "@Bob Brown bed 7 please",
                new MessageService.Options(false, List.of(), null, List.of(bob.id())));
        assertThat(whoToAlert(c, mention, false, List.of(bob.id())))
                .containsExactlyInAnyOrder(
                        new AlertRule.Alert(bob.id(), AlertRule.Reason.MENTION),
                        new AlertRule.Alert(cat.id(), AlertRule.Reason.MESSAGE));
        assertThat(whoToAlert(
                        c, messages.send(asCurrent(alice), c, "urgent-1", "Crash call bay 2", true), true, List.of()))
                .containsExactlyInAnyOrder(
                        new AlertRule.Alert(bob.id(), AlertRule.Reason.URGENT),
                        new AlertRule.Alert(cat.id(), AlertRule.Reason.URGENT));

        assertThat(call(bob, "PUT", "/api/v1/conversations/" + c + "/muted", Map.of("muted", false))
                        .status())
                .isEqualTo(204);
        assertThat(whoToAlert(c, messages.send(asCurrent(alice), c, "plain-2", "Tea is cold now"), false, List.of()))
                .extracting(AlertRule.Alert::userId)
                .containsExactlyInAnyOrder(bob.id(), cat.id());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'CONVERSATION_MUTED' AND actor_id = ?")
                        .param(bob.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void mutingNeedsMembershipAndAYesOrNo() {
        String c = group(alice, bob);
        assertThat(call(cat, "PUT", "/api/v1/conversations/" + c + "/muted", Map.of("muted", true))
                        .status())
                .isEqualTo(404);
        Response bad = call(bob, "PUT", "/api/v1/conversations/" + c + "/muted", Map.of("muted", "yes"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(call(bob, "PUT", "/api/v1/conversations/" + c + "/muted", Map.of())
                        .status())
                .isEqualTo(400);
        assertThat(get(bob, "/api/v1/conversations/" + c).json().get("muted").asBoolean())
                .isFalse();
    }

    /** What a listener of the {@link NewMessage} published for {@code sent} is told to alert. */
    private List<AlertRule.Alert> whoToAlert(
            String c, MessageService.Sent sent, boolean urgent, List<String> mentions) {
        return alertRule.whoToAlert(
                new NewMessage(org.id(), c, sent.messageId(), sent.seq(), alice.id(), urgent, false, mentions));
    }

    private JsonNode inboxItem(Staff as, String c) {
        for (JsonNode item : get(as, "/api/v1/inbox").json().get("conversations")) {
            if (item.get("conversation").get("id").asString().equals(c)) {
                return item;
            }
        }
        throw new AssertionError("not in the inbox");
    }

    private Response send(Staff from, String c, String body, List<String> mentions) {
        return post(
                from,
                "/api/v1/conversations/" + c + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", body, "mentions", mentions));
    }

    private long lastSeq(String c) {
        return jdbc.sql("SELECT last_seq FROM conversation WHERE id = ?")
                .param(c)
                .query(Long.class)
                .single();
    }
}
