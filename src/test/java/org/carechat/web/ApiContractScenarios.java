package org.carechat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The API contract: OpenAPI, problem details for bad input, limits, and nothing half-written. */
abstract class ApiContractScenarios extends ServerTest {

    Organisation org;
    Staff alice;
    Staff bob;
    String conversation;

    @BeforeEach
    void setUp() {
        org = newOrg();
        alice = newStaff(org, Role.CLINICIAN, "Alice Adams");
        bob = newStaff(org, Role.NURSE, "Bob Brown");
        conversation = direct(alice, bob);
    }

    String messages() {
        return "/api/v1/conversations/" + conversation + "/messages";
    }

    @Test
    void openApiDescribesTheApiAndTheBrowsablePageIsServed() {
        Response docs = get(null, "/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/conversations/{conversationId}/messages"))
                .isTrue();
        assertThat(docs.json().get("paths").has("/api/v1/sync")).isTrue();
        assertThat(get(null, "/api-docs.html").status()).isIn(200, 302);
    }

    @Test
    void aMessageOverTheLengthLimitIsRefusedWithTheLimitAndNothingIsStored() {
        long before = lastSeq();
        Response r = post(alice, messages(), Map.of("clientMsgId", "too-long", "body", "x".repeat(4001)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).isEqualTo("The message has 4001 characters; the limit is 4000");
        assertThat(r.json().get("status").asInt()).isEqualTo(400);
        assertThat(lastSeq()).isEqualTo(before);
        assertThat(post(alice, messages(), Map.of("clientMsgId", "ok-len", "body", "é".repeat(4000)))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void emptyMessagesAndBadClientIdsAreRefusedWithAnExplanation() {
        Response empty = post(alice, messages(), Map.of("clientMsgId", "e1", "body", "   "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").asString()).isEqualTo("The message is empty");
        Response badId = post(alice, messages(), Map.of("clientMsgId", "has spaces", "body", "hi"));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("detail").asString()).startsWith("clientMsgId must be 1 to 64");
        Response missing = post(alice, messages(), Map.of("body", "hi"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("clientMsgId");
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("clientMsgId");
    }

    @Test
    void malformedJsonAndWrongTypesGetAProblemDetailNotAStackTrace() {
        Response broken = post(alice, messages(), "{\"clientMsgId\": \"x\", \"body\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("detail").asString()).contains("not valid JSON");
        Response wrongType = call(alice, "GET", messages() + "?limit=many", null);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("detail").asString()).isEqualTo("Parameter 'limit' has an invalid value");
        Response outOfRange = get(alice, messages() + "?limit=5000");
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.text()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        Response r = send(HttpRequest.newBuilder(URI.create(url(messages())))
                .header("Authorization", "Bearer " + alice.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"))
                .build());
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("detail").asString()).contains("larger than the limit");
    }

    @Test
    void historyPagesForwardAndBackwardBySeq() {
        long start = lastSeq();
        for (int i = 1; i <= 10; i++) {
            sendText(alice, conversation, "m" + i);
        }
        Response after = get(bob, messages() + "?after=" + (start + 3) + "&limit=4");
        assertThat(after.json())
                .extracting(m -> m.get("seq").asLong())
                .containsExactly(start + 4, start + 5, start + 6, start + 7);
        Response before = get(bob, messages() + "?before=" + (start + 4) + "&limit=2");
        assertThat(before.json()).extracting(m -> m.get("seq").asLong()).containsExactly(start + 2, start + 3);
        Response newest = get(bob, messages() + "?limit=2");
        assertThat(newest.json()).extracting(m -> m.get("body").asString()).containsExactly("m9", "m10");
        assertThat(get(bob, messages() + "?after=1&before=5").status()).isEqualTo(400);
    }

    @Test
    void aDeletedMessageIsHiddenForEveryoneButKeptForAuditAndOnlyTheSenderOrAnOwnerMayDeleteIt() {
        long seq = sendText(alice, conversation, "wrong patient, please ignore");
        Staff carol = newStaff(org, Role.STAFF, "Carol Clark");
        String group = group(alice, bob, carol);
        long groupSeq = sendText(bob, group, "from bob");
        assertThat(call(carol, "DELETE", "/api/v1/conversations/" + group + "/messages/" + groupSeq, null)
                        .status())
                .isEqualTo(403);
        assertThat(call(alice, "DELETE", "/api/v1/conversations/" + group + "/messages/" + groupSeq, null)
                        .status())
                .isEqualTo(204);

        assertThat(call(alice, "DELETE", messages() + "/" + seq, null).status()).isEqualTo(204);
        Response page = get(bob, messages() + "?after=" + (seq - 1));
        assertThat(page.json().get(0).get("deleted").asBoolean()).isTrue();
        assertThat(page.json().get(0).has("body")).isFalse();
        assertThat(page.json().get(1).get("kind").asString()).isEqualTo("message_deleted");
        assertThat(page.json().get(1).get("meta").get("seq").asLong()).isEqualTo(seq);
        assertThat(page.text()).doesNotContain("wrong patient");
        assertThat(call(alice, "DELETE", messages() + "/" + seq, null).status()).isEqualTo(404);
    }

    @Test
    void unreadCountsFollowTheReadMarkerAndTheInboxShowsStatistics() {
        long start = lastSeq();
        sendText(alice, conversation, "one");
        sendText(alice, conversation, "two");
        long third = sendText(alice, conversation, "three");
        Response inbox = get(bob, "/api/v1/inbox");
        assertThat(inbox.json().get("stats").get("unreadMessages").asLong()).isEqualTo(3);
        assertThat(inbox.json()
                        .get("conversations")
                        .get(0)
                        .get("lastMessage")
                        .get("preview")
                        .asString())
                .isEqualTo("three");
        assertThat(post(bob, "/api/v1/conversations/" + conversation + "/read", Map.of("upTo", start + 2))
                        .status())
                .isEqualTo(204);
        assertThat(get(bob, "/api/v1/inbox")
                        .json()
                        .get("stats")
                        .get("unreadMessages")
                        .asLong())
                .isEqualTo(1);
        // Markers never move back.
        post(bob, "/api/v1/conversations/" + conversation + "/read", Map.of("upTo", 1));
        assertThat(get(bob, "/api/v1/inbox")
                        .json()
                        .get("stats")
                        .get("unreadMessages")
                        .asLong())
                .isEqualTo(1);
        Response beyond = post(bob, "/api/v1/conversations/" + conversation + "/read", Map.of("upTo", third + 5));
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.json().get("detail").asString()).contains("between 0 and the newest seq");
        assertThat(get(alice, "/api/v1/inbox")
                        .json()
                        .get("stats")
                        .get("unreadMessages")
                        .asLong())
                .isZero();
    }

    @Test
    void theInboxNamesTheOtherPersonOfADirectConversationToEachSide() {
        JsonNode forBob = itemOf(get(bob, "/api/v1/inbox"), conversation);
        assertThat(forBob.get("with").get("id").asString()).isEqualTo(alice.id());
        assertThat(forBob.get("with").get("displayName").asString()).isEqualTo("Alice Adams");
        JsonNode forAlice = itemOf(get(alice, "/api/v1/inbox"), conversation);
        assertThat(forAlice.get("with").get("displayName").asString()).isEqualTo("Bob Brown");
        String ward = group(alice, bob);
        assertThat(itemOf(get(bob, "/api/v1/inbox"), ward).has("with"))
                .as("a group goes by its topic")
                .isFalse();
    }

    static JsonNode itemOf(Response inbox, String conversationId) {
        return inbox.json()
                .get("conversations")
                .valueStream()
                .filter(i -> i.get("conversation").get("id").asString().equals(conversationId))
                .findFirst()
                .orElseThrow();
    }

    long lastSeq() {
        return get(alice, "/api/v1/conversations/" + conversation)
                .json()
                .get("conversation")
                .get("lastSeq")
                .asLong();
    }
}
