package org.carechat.urgent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.notification.PatientChannels;
import org.carechat.org.Organisation;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Patients;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Smsc;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Urgent messages with the controllable clock (never slept): an unacknowledged one escalates once, exactly at M
 * minutes, to the escalation contact, with one SMS nudge that carries no clinical content; an acknowledged one stops
 * alerting on every device of its recipient within a second and never escalates; a node going down with pending
 * timers loses none, and a restarted sweep racing another fires each once.
 */
@Timeout(120)
abstract class UrgentScenarios extends ServerTest {

    static final String SECRET = "K+ 6.9, please review the ECG now";

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UrgentService urgent;

    @Autowired
    EscalationSweep sweep;

    @Autowired
    PatientChannels channels;

    @Autowired
    org.carechat.identity.AccountPreferences preferences;

    Organisation org;
    Staff admin;
    Staff sam;
    Staff rita;
    Staff carl;
    String ritasMobile;
    String direct;

    @BeforeEach
    void ward() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        sam = newStaff(org, Role.CLINICIAN, "Sam Sender");
        rita = newStaff(org, Role.CLINICIAN, "Rita Recipient");
        carl = newStaff(org, Role.CLINICIAN, "Carl Contact");
        ritasMobile = Patients.mobile();
        Response mobile = call(rita, "PUT", "/api/v1/urgent/mobile", Map.of("mobile", ritasMobile));
        assertThat(mobile.status()).as(mobile.text()).isEqualTo(204);
        Response rules = call(
                admin,
                "PUT",
                "/api/v1/urgent/settings",
                Map.of("escalateAfterMinutes", 10, "repeatEveryMinutes", 2, "escalationContactId", carl.id()));
        assertThat(rules.status()).as(rules.text()).isEqualTo(200);
        direct = direct(sam, rita);
    }

    @AfterEach
    void resetClock() {
        sweep.start();
        clock.reset();
    }

    long sendUrgent(Staff from, String conversationId, String body) {
        Response r = post(
                from,
                "/api/v1/conversations/" + conversationId + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", body, "urgent", true));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("seq").asLong();
    }

    WsClient resumed(Staff who) {
        WsClient ws = connect(who);
        ws.send(Map.of("type", "resume"));
        ws.awaitType("sync_complete", 10);
        return ws;
    }

    long rows(String type) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ? AND type = ?")
                .params(org.id(), type)
                .query(Long.class)
                .single();
    }

    static boolean entryOfKind(JsonNode frame, String kind) {
        return kind.equals(frame.path("entry").path("kind").asString());
    }

    @Test
    void anUnacknowledgedUrgentMessageEscalatesOnceAtMMinutesAndSendsOneSmsNudgeWithoutClinicalContent() {
        try (WsClient samSocket = resumed(sam);
                WsClient ritaSocket = resumed(rita);
                WsClient carlSocket = resumed(carl)) {
            long seq = sendUrgent(sam, direct, SECRET);
            JsonNode alert = ritaSocket.awaitType("urgent", 10).get("alert");
            assertThat(alert.get("seq").asLong()).isEqualTo(seq);
            assertThat(alert.get("senderName").asString()).isEqualTo("Sam Sender");
            assertThat(alert.get("repeatEveryMinutes").asInt()).isEqualTo(2);
            assertThat(alert.toString()).doesNotContain("K+");
            assertThat(get(rita, "/api/v1/urgent").json()).hasSize(1);
            long escalateAt = alert.get("escalateAt").asLong();
            assertThat(escalateAt - alert.get("createdAt").asLong())
                    .isEqualTo(Duration.ofMinutes(10).toMillis());

            clock.freezeAt(Instant.ofEpochMilli(escalateAt - 1));
            assertThat(urgent.escalateDue()).as("a millisecond early").isZero();
            clock.advance(Duration.ofMillis(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> rows("URGENT_ESCALATED") == 1);
            for (int i = 0; i < 3; i++) {
                assertThat(urgent.escalateDue()).as("fired already").isZero();
            }

            JsonNode step = samSocket
                    .await(f -> entryOfKind(f, "urgent_escalated"), 10)
                    .get("entry")
                    .get("meta");
            assertThat(step.get("seq").asLong()).isEqualTo(seq);
            assertThat(step.get("from").asString()).isEqualTo(rita.id());
            assertThat(step.get("to").asString()).isEqualTo(carl.id());
            JsonNode handedOver = carlSocket.awaitType("urgent", 10).get("alert");
            assertThat(handedOver.get("escalatedFromUserId").asString()).isEqualTo(rita.id());
            carlSocket.await(f -> f.path("entry").path("body").asString().contains(SECRET), 10);
            assertThat(jdbc.sql("SELECT copy_reason FROM message WHERE copy_of = ?")
                            .param(alert.get("messageId").asString())
                            .query(String.class)
                            .list())
                    .as("the hand-over records what it is a copy of")
                    .containsExactly("escalated");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Smsc.shared().to(ritasMobile).size() == 1);
            sweep.tick();
            assertThat(Smsc.shared().to(ritasMobile)).hasSize(1);
            String text = Smsc.shared().to(ritasMobile).getFirst().text();
            assertThat(text)
                    .isEqualTo(UrgentService.NUDGE_TEXT)
                    .doesNotContain("Sam")
                    .doesNotContain("Rita");
            assertThat(rows("URGENT_NUDGE_SENT")).isEqualTo(1);
            assertThat(rows("URGENT_RAISED")).isEqualTo(2); // Rita's, then Carl's hand-over
            assertThat(get(rita, "/api/v1/urgent").json())
                    .as("still Rita's to acknowledge")
                    .hasSize(1);
        }
    }

    @Test
    void anAcknowledgedUrgentMessageStopsAlertingOnEveryDeviceWithinASecondAndNeverEscalates() {
        try (WsClient samSocket = resumed(sam);
                WsClient phone = resumed(rita);
                WsClient desktop = resumed(rita)) {
            long seq = sendUrgent(sam, direct, SECRET);
            String alertId =
                    phone.awaitType("urgent", 10).get("alert").get("alertId").asString();
            desktop.awaitType("urgent", 10);

            phone.send(Map.of("type", "acknowledge", "c", direct, "seq", seq));
            JsonNode cleared = desktop.awaitType("urgent_cleared", 1);
            assertThat(cleared.get("alertId").asString()).isEqualTo(alertId);
            assertThat(cleared.get("acknowledgedBy").asString()).isEqualTo(rita.id());
            phone.awaitType("urgent_cleared", 1);
            JsonNode step = samSocket
                    .await(f -> entryOfKind(f, "urgent_acknowledged"), 10)
                    .get("entry")
                    .get("meta");
            assertThat(step.get("userId").asString()).isEqualTo(rita.id());
            assertThat(get(rita, "/api/v1/urgent").json()).isEmpty();
            assertThat(rows("URGENT_ACKNOWLEDGED")).isEqualTo(1);

            Response again = post(rita, "/api/v1/conversations/" + direct + "/messages/" + seq + "/acknowledge", null);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("closed").asInt())
                    .as("nothing left to acknowledge")
                    .isZero();

            clock.advance(Duration.ofMinutes(11));
            assertThat(urgent.escalateDue()).isZero();
            sweep.tick();
            assertThat(rows("URGENT_ESCALATED")).isZero();
            assertThat(Smsc.shared().to(ritasMobile)).isEmpty();
        }
    }

    @Test
    void aRestartInTheMiddleLosesNoPendingEscalationAndFiresNoneTwice() throws Exception {
        long first = sendUrgent(sam, direct, "first " + SECRET);
        long second = sendUrgent(sam, direct, "second " + SECRET);
        sweep.stop(); // the node goes down with two timers pending
        clock.advance(Duration.ofMinutes(30));
        assertThat(rows("URGENT_ESCALATED"))
                .as("nothing fires while the node is down")
                .isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM urgent_alert WHERE conversation_id = ? AND escalate_at IS NOT NULL")
                        .param(direct)
                        .query(Long.class)
                        .single())
                .as("the timers are in the database")
                .isEqualTo(2);

        // Back up: a fresh sweep with nothing in memory, racing the old one restarted and two more callers.
        EscalationSweep restarted = new EscalationSweep(urgent, channels, preferences);
        sweep.start();
        ExecutorService racers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> fired = racers.invokeAll(List.of(urgent::escalateDue, urgent::escalateDue));
            int total = 0;
            for (Future<Integer> f : fired) {
                total += f.get();
            }
            assertThat(total).isLessThanOrEqualTo(2);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> rows("URGENT_ESCALATED") == 2
                            && Smsc.shared().to(ritasMobile).size() == 2);
            restarted.tick();
            sweep.tick();
            assertThat(rows("URGENT_ESCALATED")).isEqualTo(2);
            assertThat(Smsc.shared().to(ritasMobile)).hasSize(2);
            assertThat(jdbc.sql("SELECT COUNT(DISTINCT seq) FROM urgent_alert WHERE conversation_id = ? "
                                    + "AND escalated_at IS NOT NULL")
                            .param(direct)
                            .query(Long.class)
                            .single())
                    .isEqualTo(2);
            assertThat(first).isLessThan(second);
        } finally {
            racers.shutdownNow();
            restarted.destroy();
        }
    }

    @Test
    void urgentIsRefusedWhereNobodyCouldAcknowledgeItAndSettingsAreCheckedAtTheBoundary() {
        String alone = conversations
                .create(
                        asCurrent(sam),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Just me",
                                null,
                                true,
                                List.of(),
                                null))
                .id();
        Response nobody = post(
                sam,
                "/api/v1/conversations/" + alone + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", "x", "urgent", true));
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.json().get("detail").asString())
                .isEqualTo("An urgent message needs a colleague in the conversation to acknowledge it");
        assertThat(call(
                                rita,
                                "PUT",
                                "/api/v1/urgent/settings",
                                Map.of("escalateAfterMinutes", 5, "repeatEveryMinutes", 2))
                        .status())
                .isEqualTo(403);
        assertThat(call(
                                admin,
                                "PUT",
                                "/api/v1/urgent/settings",
                                Map.of("escalateAfterMinutes", 0, "repeatEveryMinutes", 2))
                        .status())
                .isEqualTo(400);
        Response foreignContact = call(
                admin,
                "PUT",
                "/api/v1/urgent/settings",
                Map.of(
                        "escalateAfterMinutes",
                        5,
                        "repeatEveryMinutes",
                        2,
                        "escalationContactId",
                        newStaff(newOrg(), Role.NURSE, "Far Away").id()));
        assertThat(foreignContact.status()).isEqualTo(400);
        Response badMobile = call(rita, "PUT", "/api/v1/urgent/mobile", Map.of("mobile", "12"));
        assertThat(badMobile.json().get("detail").asString()).isEqualTo("'mobile' is not a valid mobile number");
        Staff outsider = newStaff(org, Role.NURSE, "Olive Outsider");
        assertThat(post(outsider, "/api/v1/conversations/" + direct + "/messages/1/acknowledge", null)
                        .status())
                .isEqualTo(404);
    }

    Response acknowledge(Staff who, String conversationId, long seq) {
        return post(who, "/api/v1/conversations/" + conversationId + "/messages/" + seq + "/acknowledge", null);
    }

    @Test
    void theReportGivesTimeToAcknowledgeMedianAndP90AndEscalationsPerTeamForARange() {
        Response team = post(admin, "/api/v1/teams", Map.of("name", "Ward A", "memberIds", List.of(rita.id())));
        assertThat(team.status()).as(team.text()).isEqualTo(201);
        long start = clock.millis();
        clock.freezeAt(Instant.ofEpochMilli(start));
        long first = sendUrgent(sam, direct, "one");
        clock.advance(Duration.ofSeconds(60));
        assertThat(acknowledge(rita, direct, first).json().get("closed").asInt())
                .isEqualTo(1);
        long second = sendUrgent(sam, direct, "two");
        clock.advance(Duration.ofSeconds(180));
        assertThat(acknowledge(rita, direct, second).json().get("closed").asInt())
                .isEqualTo(1);
        sendUrgent(sam, direct, "three");
        clock.advance(Duration.ofMinutes(11));
        await().atMost(Duration.ofSeconds(10)).until(() -> rows("URGENT_ESCALATED") == 1);

        Response report = get(admin, "/api/v1/urgent/report?from=" + start + "&to=" + (clock.millis() + 1));
        assertThat(report.status()).as(report.text()).isEqualTo(200);
        JsonNode ward = report.json()
                .get("teams")
                .valueStream()
                .filter(r -> "Ward A".equals(r.path("teamName").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(ward.get("alerts").asInt()).isEqualTo(3);
        assertThat(ward.get("acknowledged").asInt()).isEqualTo(2);
        assertThat(ward.get("medianSecondsToAcknowledge").asLong()).isEqualTo(120);
        assertThat(ward.get("p90SecondsToAcknowledge").asLong()).isEqualTo(180);
        assertThat(ward.get("escalations").asInt()).isEqualTo(1);
        assertThat(report.json().get("teams"))
                .as("the hand-over to Carl is not a second alert")
                .hasSize(1);
        assertThat(rows("URGENT_REPORT_VIEWED")).isEqualTo(1);

        assertThat(get(rita, "/api/v1/urgent/report?from=" + start + "&to=" + clock.millis())
                        .status())
                .isEqualTo(403);
        Response reversed = get(admin, "/api/v1/urgent/report?from=" + start + "&to=" + start);
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.json().get("detail").asString())
                .isEqualTo("'to' must be after 'from', at most 366 days later");
        assertThat(get(admin, "/api/v1/urgent/report?from=" + (start + 1) + "&to=" + (clock.millis() + 1))
                        .json()
                        .get("teams")
                        .get(0)
                        .get("alerts")
                        .asInt())
                .as("the range decides")
                .isEqualTo(2);
    }

    @Test
    void anUrgentMessageTooLongToQuoteIsHandedOverWithWhomToCallInstead() {
        String longText = SECRET + " " + "x".repeat(4000 - SECRET.length() - 1);
        sendUrgent(sam, direct, longText);
        long escalateAt =
                get(rita, "/api/v1/urgent").json().get(0).get("escalateAt").asLong();
        sweep.stop();
        clock.freezeAt(Instant.ofEpochMilli(escalateAt));
        assertThat(urgent.escalateDue()).isEqualTo(1);
        List<JsonNode> handedOver = get(carl, "/api/v1/conversations/" + direct(sam, carl) + "/messages")
                .json()
                .valueStream()
                .filter(e -> "text".equals(e.get("kind").asString()))
                .toList();
        assertThat(handedOver).hasSize(1);
        assertThat(handedOver.getFirst().get("body").asString())
                .isEqualTo(
                        "Escalated: not acknowledged by Rita Recipient within 10 minutes. Please contact Sam Sender.");
    }
}
