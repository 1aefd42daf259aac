package org.carechat.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Replies (a quote of the message answered): the reply stores the seq it answers, never a copy of the quoted text;
 * members get the quote read from the quoted message, live and in history; a reply to anything but a visible message
 * of the same conversation is refused and stores nothing.
 */
abstract class RepliesScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff alice;
    Staff bob;

    @BeforeEach
    void ward() {
        org = newOrg();
        alice = newStaff(org, Role.CLINICIAN, "Alice Adams");
        bob = newStaff(org, Role.NURSE, "Bob Brown");
    }

    @Test
    void aReplySentOverTheSocketReachesMembersLiveAndInHistoryWithAQuoteOfTheMessageItAnswers() {
        String c = group(alice, bob);
        long question = sendText(alice, c, "Is bed 7 on the fluid chart?");
        try (WsClient a = connect(alice);
                WsClient b = connect(bob)) {
            a.send(Map.of("type", "resume"));
            b.send(Map.of("type", "resume"));
            a.awaitType("sync_complete", 10);
            b.awaitType("sync_complete", 10);
            b.send(Map.of(
                    "type",
                    "send",
                    "id",
                    "r1",
                    "c",
                    c,
                    "clientMsgId",
                    "reply-1",
                    "body",
                    "Yes, since 8am",
                    "replyTo",
                    question));
            JsonNode result = b.await(f -> "result".equals(f.get("type").asString()), 10);
            assertThat(result.get("ok").asBoolean()).isTrue();
            long reply = result.get("seq").asLong();
            JsonNode live = a.await(
                    f -> "event".equals(f.get("type").asString())
                            && f.get("seq").asLong() == reply,
                    10);
            assertQuotes(live.get("entry"), question);
        }
        JsonNode page = get(alice, "/api/v1/conversations/" + c + "/messages").json();
        JsonNode last = page.get(page.size() - 1);
        assertThat(last.get("body").asString()).isEqualTo("Yes, since 8am");
        assertQuotes(last, question);
        assertThat(last.get("meta").get("replyTo").asLong()).isEqualTo(question);
    }

    private void assertQuotes(JsonNode entry, long question) {
        JsonNode quote = entry.get("quote");
        assertThat(quote.get("seq").asLong()).isEqualTo(question);
        assertThat(quote.get("senderId").asString()).isEqualTo(alice.id());
        assertThat(quote.get("senderName").asString()).isEqualTo("Alice Adams");
        assertThat(quote.get("excerpt").asString()).isEqualTo("Is bed 7 on the fluid chart?");
        assertThat(quote.get("gone").asBoolean()).isFalse();
    }

    @Test
    void aReplyStoresOnlyTheSeqItAnswersAndNoCopyOfTheQuotedText() {
        String c = group(alice, bob);
        long question = sendText(alice, c, "Potassium result for bed 3?");
        long reply = reply(bob, c, "4.1, normal", question).json().get("seq").asLong();
        Map<String, Object> row = jdbc.sql("SELECT body, meta FROM message WHERE conversation_id = ? AND seq = ?")
                .params(c, reply)
                .query()
                .singleRow();
        assertThat(String.valueOf(row.get("meta"))).isEqualTo("{\"replyTo\":" + question + "}");
        assertThat(new String((byte[]) row.get("body"), StandardCharsets.ISO_8859_1))
                .as("the reply's ciphertext")
                .doesNotContain("Potassium", "4.1");
    }

    @Test
    void aQuotedMessageDeletedAfterwardsShowsAsGoneWithoutItsText() {
        String c = group(alice, bob);
        long question = sendText(alice, c, "Wrong patient, ignore");
        reply(bob, c, "Noted", question);
        assertThat(call(alice, "DELETE", "/api/v1/conversations/" + c + "/messages/" + question, null)
                        .status())
                .isEqualTo(204);
        JsonNode page = get(bob, "/api/v1/conversations/" + c + "/messages").json();
        JsonNode quote = null;
        for (JsonNode entry : page) {
            if (entry.has("quote")) {
                quote = entry.get("quote");
            }
        }
        assertThat(quote).isNotNull();
        assertThat(quote.get("gone").asBoolean()).isTrue();
        assertThat(quote.has("excerpt")).isFalse();
        assertThat(quote.toString()).doesNotContain("Wrong patient");
    }

    @Test
    void aReplyToAnythingButAVisibleMessageOfTheSameConversationIsRefusedAndStoresNothing() {
        String c = group(alice, bob);
        String other = group(alice, bob);
        long elsewhere = sendText(alice, other, "In the other conversation");
        sendText(alice, c, "Here");
        long deleted = sendText(alice, c, "Deleted one");
        call(alice, "DELETE", "/api/v1/conversations/" + c + "/messages/" + deleted, null);
        long lastSeq = lastSeq(c);
        // seq 1 is the conversation_created event; `elsewhere`'s seq is past this conversation's texts
        for (long replyTo : List.of(deleted, 1L, elsewhere + 50, lastSeq + 1)) {
            Response refused = reply(bob, c, "An answer", replyTo);
            assertThat(refused.status()).as("replyTo " + replyTo).isEqualTo(400);
            assertThat(refused.json().get("detail").asString())
                    .contains("replyTo must be the seq of a message of this conversation that you can see");
        }
        assertThat(reply(bob, c, "An answer", 0).status()).isEqualTo(400);
        assertThat(lastSeq(c)).as("nothing stored").isEqualTo(lastSeq);
    }

    @Test
    void aPatientSeesAQuotedFellowPatientOnlyAsAnotherPatient() {
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
                                benRecord.id(),
                                true,
                                List.of(ann.id(), ben.id()),
                                null))
                .id();
        long question = sendText(ben, c, "Do I bring my own towel?");
        reply(alice, c, "Yes please", question);
        JsonNode page = get(ann, "/api/v1/conversations/" + c + "/messages").json();
        JsonNode quote = page.get(page.size() - 1).get("quote");
        assertThat(quote.get("senderName").asString()).isEqualTo("Another patient");
        assertThat(quote.has("senderId")).isFalse();
        assertThat(page.toString()).doesNotContain(ben.id(), "Benedict");
        assertThat(quote.get("excerpt").asString()).isEqualTo("Do I bring my own towel?");
    }

    private Response reply(Staff from, String c, String body, long replyTo) {
        return post(
                from,
                "/api/v1/conversations/" + c + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", body, "replyTo", replyTo));
    }

    private long lastSeq(String c) {
        return jdbc.sql("SELECT last_seq FROM conversation WHERE id = ?")
                .param(c)
                .query(Long.class)
                .single();
    }
}
