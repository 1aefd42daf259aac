package org.carechat.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.MutableClock;
import org.carechat.testing.PushServiceStub;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Web Push against a push service running in the test ({@link PushServiceStub}), which checks each push's VAPID
 * JWT and decrypts its RFC 8291 payload as the browser would: what leaves the server names the sender at most —
 * never the text, the topic or the patient.
 */
@Timeout(120)
abstract class PushScenarios extends ServerTest {

    static final String SECRET = "Potassium 6.9 for Edna Pickering, repeat the ECG";
    static final String TOPIC = "Edna Pickering bed 4";

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    PushServiceStub pushService;
    Organisation org;
    Staff sam;
    Staff rita;
    Patient edna;

    @BeforeEach
    void ward() {
        pushService = new PushServiceStub();
        org = newOrg();
        sam = newStaff(org, Role.CLINICIAN, "Dr Sam Okafor");
        rita = newStaff(org, Role.CLINICIAN, "Rita Recipient");
        edna = patientRecord(org, "Edna", "Pickering", "1941-03-02", null, null);
    }

    @AfterEach
    void stop() {
        clock.reset();
        pushService.close();
    }

    PushServiceStub.Subscription subscribe(Staff who) {
        PushServiceStub.Subscription s = pushService.subscribe();
        Response r = call(who, "PUT", "/api/v1/push/subscription", s.json());
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        return s;
    }

    String aboutEdna() {
        return conversations
                .create(
                        asCurrent(sam),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                TOPIC,
                                edna.id(),
                                true,
                                List.of(rita.id()),
                                null,
                                null))
                .id();
    }

    List<PushServiceStub.Received> awaitPushes(PushServiceStub.Subscription s, int count) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> pushService.received(s).size() >= count);
        assertThat(pushService.failures()).isEmpty();
        return pushService.received(s);
    }

    long sendUrgent(Staff from, String conversationId, String body) {
        Response r = post(
                from,
                "/api/v1/conversations/" + conversationId + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", body, "urgent", true));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("seq").asLong();
    }

    @Test
    void aPushSaysWhoSentAndNeverTheTextTopicOrPatient() {
        PushServiceStub.Subscription phone = subscribe(rita);
        String key = get(rita, "/api/v1/push/key").json().get("publicKey").asString();
        String conversation = aboutEdna();

        sendText(sam, conversation, SECRET);

        PushServiceStub.Received push = awaitPushes(phone, 1).getFirst();
        assertThat(push.vapidKey())
                .as("signed with the key the app subscribed with")
                .isEqualTo(key);
        assertThat(push.jwtClaims().get("sub").asString()).startsWith("mailto:");
        assertThat(push.payload().get("kind").asString()).isEqualTo("message");
        assertThat(push.payload().get("body").asString()).isEqualTo("New message from Dr Sam Okafor");
        assertThat(push.payload().get("c").asString()).isEqualTo(conversation);
        assertThat(push.text())
                .doesNotContain("Potassium", "ECG", "Edna", "Pickering", "bed 4", edna.id())
                .doesNotContainIgnoringCase("mrn");
        assertThat(pushService.received(phone)).hasSize(1);
    }

    @Test
    void nothingIsPushedWhileTheAppIsInTheForegroundAndPushesOnceItIsHidden() throws InterruptedException {
        PushServiceStub.Subscription phone = subscribe(rita);
        String conversation = direct(sam, rita);
        try (WsClient open = connect(rita)) {
            open.send(Map.of("type", "resume"));
            open.awaitType("sync_complete", 10);

            sendText(sam, conversation, "seen live");
            open.await(f -> "event".equals(f.path("type").asString()), 10);
            Thread.sleep(1_000);
            assertThat(pushService.received(phone))
                    .as("the app is in front of her")
                    .isEmpty();

            open.send(Map.of("type", "visibility", "visible", false));
            open.send(Map.of("type", "ping", "id", "p1"));
            open.awaitType("pong", 10);
            sendText(sam, conversation, "her phone is locked");
            assertThat(awaitPushes(phone, 1)).hasSize(1);
        }
    }

    @Test
    void aSubscriptionThePushServiceSaysIsGoneIsRemoved() {
        PushServiceStub.Subscription phone = subscribe(rita);
        assertThat(get(rita, "/api/v1/push/key").json().get("subscribed").asBoolean())
                .isTrue();
        pushService.expire(phone);

        sendText(sam, direct(sam, rita), "hello");

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        !get(rita, "/api/v1/push/key").json().get("subscribed").asBoolean());
    }

    @Test
    void signingOutRemovesTheDevicesSubscription() {
        subscribe(rita);
        assertThat(subscriptionsOf(rita)).isEqualTo(1);

        assertThat(post(rita, "/api/v1/auth/logout", null).status()).isEqualTo(204);

        assertThat(subscriptionsOf(rita)).isZero();
    }

    long subscriptionsOf(Staff who) {
        return jdbc.sql("SELECT COUNT(*) FROM push_subscription WHERE user_id = ?")
                .param(who.id())
                .query(Long.class)
                .single();
    }

    @Test
    void anUrgentPushRepeatsUntilAcknowledgedThenClearsAndStops() throws InterruptedException {
        PushServiceStub.Subscription phone = subscribe(rita);
        String conversation = direct(sam, rita);
        Instant start = Instant.now();
        clock.freezeAt(start);

        long seq = sendUrgent(sam, conversation, SECRET);

        PushServiceStub.Received first = awaitPushes(phone, 1).getFirst();
        assertThat(first.payload().get("kind").asString()).isEqualTo("urgent");
        assertThat(first.payload().get("title").asString()).isEqualTo("Urgent message from Dr Sam Okafor");
        assertThat(first.payload().get("seq").asLong()).isEqualTo(seq);
        assertThat(first.text()).doesNotContain("Potassium", "Edna");
        String tag = first.payload().get("tag").asString();

        clock.freezeAt(start.plus(Duration.ofMinutes(2)));
        PushServiceStub.Received repeat = awaitPushes(phone, 2).get(1);
        assertThat(repeat.payload().get("kind").asString()).isEqualTo("urgent");
        assertThat(repeat.payload().get("tag").asString()).isEqualTo(tag);

        Response ack = post(rita, "/api/v1/conversations/" + conversation + "/messages/" + seq + "/acknowledge", null);
        assertThat(ack.status()).as(ack.text()).isEqualTo(200);
        PushServiceStub.Received clear = awaitPushes(phone, 3).get(2);
        assertThat(clear.payload().get("kind").asString()).isEqualTo("clear");
        assertThat(clear.payload().get("tag").asString()).isEqualTo(tag);

        clock.freezeAt(start.plus(Duration.ofMinutes(6)));
        Thread.sleep(2 * UrgentPushes.TICK_MILLIS + 500);
        assertThat(pushService.received(phone))
                .as("no repeat after the acknowledgement")
                .hasSize(3);
    }

    @Test
    void aChangedAlertSettingAppliesToTheVeryNextMessage() {
        PushServiceStub.Subscription phone = subscribe(rita);
        String group = aboutEdna();
        String direct = direct(sam, rita);
        sendText(sam, group, "pushed under the default settings");
        awaitPushes(phone, 1);

        Response set = call(rita, "PUT", "/api/v1/push/settings", Map.of("sound", true, "push", "urgent_and_direct"));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        sendText(sam, group, "not pushed any more");
        sendText(sam, direct, "still pushed");

        awaitPushes(phone, 2);
        assertThat(settledConversationsPushed(phone))
                .as("the group message right after the change was held back")
                .containsExactlyInAnyOrder(group, direct);
    }

    @Test
    void muteThenSendPushesNothingAndUnmuteThenSendPushesAgain() {
        PushServiceStub.Subscription phone = subscribe(rita);
        String group = aboutEdna();
        String direct = direct(sam, rita);
        sendText(sam, group, "pushed before the mute");
        awaitPushes(phone, 1);

        assertThat(call(rita, "PUT", "/api/v1/conversations/" + group + "/muted", Map.of("muted", true))
                        .status())
                .isEqualTo(204);
        sendText(sam, group, "muted: not pushed");
        sendText(sam, direct, "pushed");
        awaitPushes(phone, 2);
        assertThat(settledConversationsPushed(phone))
                .as("the message right after the mute was not pushed")
                .containsExactlyInAnyOrder(group, direct);

        assertThat(call(rita, "PUT", "/api/v1/conversations/" + group + "/muted", Map.of("muted", false))
                        .status())
                .isEqualTo(204);
        sendText(sam, group, "heard again");
        awaitPushes(phone, 3);
        assertThat(settledConversationsPushed(phone)).containsExactlyInAnyOrder(group, direct, group);
    }

    @Test
    void aMemberAddedOrRemovedIsPushedToOrNotFromTheVeryNextMessage() {
        Staff cat = newStaff(org, Role.NURSE, "Cat Cole");
        PushServiceStub.Subscription ritasPhone = subscribe(rita);
        PushServiceStub.Subscription catsPhone = subscribe(cat);
        String group = aboutEdna();
        sendText(sam, group, "before Cat joins"); // the member list is now in memory
        awaitPushes(ritasPhone, 1);

        assertThat(post(sam, "/api/v1/conversations/" + group + "/members", Map.of("userId", cat.id()))
                        .status())
                .isEqualTo(200);
        sendText(sam, group, "Cat is in");
        assertThat(awaitPushes(catsPhone, 1))
                .as("the message right after Cat joined")
                .hasSize(1);

        assertThat(call(sam, "DELETE", "/api/v1/conversations/" + group + "/members/" + cat.id(), null)
                        .status())
                .isEqualTo(204);
        sendText(sam, group, "Cat is out");
        awaitPushes(ritasPhone, 3);
        assertThat(settledConversationsPushed(catsPhone))
                .as("nothing after Cat left")
                .hasSize(1);
    }

    @Test
    void aRenamedOrDisabledUserShowsInTheVeryNextPush() {
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        PushServiceStub.Subscription ritasPhone = subscribe(rita);
        String group = aboutEdna();
        sendText(sam, group, "before the rename"); // the users are now in memory
        assertThat(awaitPushes(ritasPhone, 1).getLast().payload().get("body").asString())
                .isEqualTo("New message from Dr Sam Okafor");

        assertThat(call(admin, "PATCH", "/api/v1/users/" + sam.id(), Map.of("displayName", "Dr Samuel Okafor"))
                        .status())
                .isEqualTo(200);
        sendText(sam, group, "after the rename");
        assertThat(awaitPushes(ritasPhone, 2).getLast().payload().get("body").asString())
                .isEqualTo("New message from Dr Samuel Okafor");

        assertThat(call(admin, "PATCH", "/api/v1/users/" + rita.id(), Map.of("disabled", true))
                        .status())
                .isEqualTo(200);
        sendText(sam, group, "Rita is disabled");
        assertThat(settledConversationsPushed(ritasPhone))
                .as("nothing pushed to a disabled account")
                .hasSize(2);
    }

    /** The conversations of the pushes received, once any push still on its way has had time to arrive. */
    List<String> settledConversationsPushed(PushServiceStub.Subscription phone) {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pushService.received(phone).stream()
                .map(push -> push.payload().get("c").asString())
                .toList();
    }

    @Test
    void quietHoursHoldBackMessagesButNeverUrgentOnes() {
        PushServiceStub.Subscription phone = subscribe(rita);
        Response set = call(
                rita,
                "PUT",
                "/api/v1/push/settings",
                Map.of("sound", false, "push", "all", "quietHours", Map.of("from", 0, "to", 1439, "zone", "UTC")));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(get(rita, "/api/v1/push/settings")
                        .json()
                        .get("quietHours")
                        .get("zone")
                        .asString())
                .isEqualTo("UTC");
        clock.freezeAt(Instant.parse("2026-12-05T12:00:00Z"));
        String conversation = direct(sam, rita);

        sendText(sam, conversation, "can wait until morning");
        long seq = sendUrgent(sam, conversation, "cannot wait");

        PushServiceStub.Received only = awaitPushes(phone, 1).getFirst();
        assertThat(only.payload().get("kind").asString()).isEqualTo("urgent");
        assertThat(only.payload().get("seq").asLong()).isEqualTo(seq);
    }

    @Test
    void badSubscriptionsAndSettingsAreRefusedWithAReasonAndStoreNothing() {
        PushServiceStub.Subscription s = pushService.subscribe();
        Response elsewhere = call(
                rita,
                "PUT",
                "/api/v1/push/subscription",
                Map.of(
                        "endpoint",
                        "https://internal.example.org/hook",
                        "keys",
                        Map.of("p256dh", s.p256dh(), "auth", s.auth())));
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.json().get("detail").asString()).contains("'endpoint' is not a push service");
        Response shortKey = call(
                rita,
                "PUT",
                "/api/v1/push/subscription",
                Map.of("endpoint", s.endpoint(), "keys", Map.of("p256dh", "AAAA", "auth", s.auth())));
        assertThat(shortKey.status()).isEqualTo(400);
        assertThat(shortKey.json().get("detail").asString()).contains("keys.p256dh");
        assertThat(subscriptionsOf(rita)).isZero();

        Response scope = call(rita, "PUT", "/api/v1/push/settings", Map.of("sound", true, "push", "sometimes"));
        assertThat(scope.status()).isEqualTo(400);
        assertThat(scope.json().get("detail").asString()).contains("'push' must be 'all' or 'urgent_and_direct'");
        Response zone = call(
                rita,
                "PUT",
                "/api/v1/push/settings",
                Map.of(
                        "sound",
                        true,
                        "push",
                        "all",
                        "quietHours",
                        Map.of("from", 1320, "to", 420, "zone", "Mars/Olympus")));
        assertThat(zone.status()).isEqualTo(400);
        assertThat(zone.json().get("detail").asString()).contains("'quietHours.zone'");
        assertThat(get(rita, "/api/v1/push/settings").json().get("push").asString())
                .isEqualTo("all");
    }
}
