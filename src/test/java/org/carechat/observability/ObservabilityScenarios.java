package org.carechat.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.notification.PatientNotices;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Patients;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The operations metrics: each moves in {@code /actuator/prometheus} when what it counts happens (sends, first-device
 * deliveries, sockets, resumes, urgent acknowledgements and escalations, notices and channel links, lock-outs,
 * rate-limit refusals, audit verifications), and the scrape credential reads metrics and nothing else.
 */
@Timeout(180)
@TestPropertySource(properties = "carechat.metrics.token-hash=" + ObservabilityScenarios.SCRAPE_TOKEN_HASH)
abstract class ObservabilityScenarios extends ServerTest {

    static final String SCRAPE_TOKEN = "ccm_scrape-token-of-the-observability-tests";
    static final String SCRAPE_TOKEN_HASH = "ec4fb64f8e08f04cbeddff6b3a1b24d5e7b7f5a8f333aacf85f67265690d4fb1";

    @Autowired
    MutableClock clock;

    @Autowired
    PatientNotices notices;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theOperationsMetricsMoveWhenWhatTheyCountHappens() throws Exception {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice Adams");
        Staff bob = newStaff(org, Role.NURSE, "Bob Brown");
        Staff carol = newStaff(org, Role.NURSE, "Carol Clark");
        String direct = direct(alice, bob);
        Metrics before = scrape();

        long seq = sendText(alice, direct, "handover at 7");
        try (WsClient socket = connect(bob)) {
            socket.send(Map.of("type", "resume"));
            socket.awaitType("sync_complete", 10);
            assertThat(scrape().value("carechat_sockets_open")).isGreaterThanOrEqualTo(1);
            assertThat(post(bob, "/api/v1/conversations/" + direct + "/delivered", Map.of("upTo", seq))
                            .status())
                    .isEqualTo(204);
        }
        urgentAcknowledgedAndEscalated(admin, alice, bob, carol, direct);
        assertThat(get(admin, "/api/v1/audit/verify").status()).isEqualTo(200);
        lockOut(org);
        noticeSentBySms(org, admin, bob);

        Metrics after = scrape();
        assertThat(after.value("carechat_message_send_seconds_count"))
                .isGreaterThanOrEqualTo(before.value("carechat_message_send_seconds_count") + 3);
        assertThat(after.value("carechat_receipt_delivery_seconds_count"))
                .isGreaterThan(before.value("carechat_receipt_delivery_seconds_count"));
        assertThat(after.value("carechat_sync_resume_entries_count", "via=\"resume\""))
                .isGreaterThan(before.value("carechat_sync_resume_entries_count", "via=\"resume\""));
        assertThat(after.value("carechat_urgent_acknowledge_seconds_count"))
                .isEqualTo(before.value("carechat_urgent_acknowledge_seconds_count") + 1);
        assertThat(after.value("carechat_urgent_escalations_total"))
                .isEqualTo(before.value("carechat_urgent_escalations_total") + 1);
        assertThat(after.value("carechat_audit_verifications_total", "result=\"intact\""))
                .isEqualTo(before.value("carechat_audit_verifications_total", "result=\"intact\"") + 1);
        assertThat(after.value("carechat_limits_lockouts_total", "limit=\"failed-sign-ins-per-account\""))
                .isEqualTo(before.value("carechat_limits_lockouts_total", "limit=\"failed-sign-ins-per-account\"") + 1);
        assertThat(after.value("carechat_limits_refused_total", "limit=\"failed-sign-ins-per-account\""))
                .isGreaterThan(before.value("carechat_limits_refused_total", "limit=\"failed-sign-ins-per-account\""));
        assertThat(after.value("carechat_notification_notices_total", "channel=\"sms\"", "outcome=\"sent\""))
                .isEqualTo(
                        before.value("carechat_notification_notices_total", "channel=\"sms\"", "outcome=\"sent\"") + 1);
        assertThat(after.value("carechat_notification_sends_total", "channel=\"sms\"", "outcome=\"sent\""))
                .isGreaterThanOrEqualTo(
                        before.value("carechat_notification_sends_total", "channel=\"sms\"", "outcome=\"sent\"") + 1);
        assertThat(after.value("carechat_notification_link_up", "channel=\"sms\""))
                .isEqualTo(1);
        assertThat(after.text()).doesNotContain("handover", alice.id(), org.id(), "Bob Brown");
    }

    @Test
    void theScrapeTokenReadsTheMetricsAndNothingElse() {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Staff nurse = newStaff(org, Role.NURSE, "Nora Nurse");

        Response metrics = bearer("/actuator/prometheus", SCRAPE_TOKEN);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.text()).contains("carechat_sockets_open");

        assertThat(bearer("/actuator/prometheus", "ccm_not-the-scrape-token").status())
                .isEqualTo(401);
        assertThat(bearer("/actuator/prometheus", null).status()).isEqualTo(401);
        for (String elsewhere : List.of(
                "/api/v1/auth/me", "/api/v1/users", "/api/v1/inbox", "/api/v1/audit/verify", "/actuator/metrics")) {
            assertThat(bearer(elsewhere, SCRAPE_TOKEN).status()).as(elsewhere).isEqualTo(401);
        }
        assertThat(get(admin, "/actuator/prometheus").status()).isEqualTo(200);
        assertThat(get(nurse, "/actuator/prometheus").status()).isEqualTo(403);
        Throwable refused = catchThrowable(() -> http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + SCRAPE_TOKEN)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), new WebSocket.Listener() {})
                .join());
        assertThat(refused).isInstanceOf(CompletionException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause())
                        .getResponse()
                        .statusCode())
                .isEqualTo(401);
    }

    private void urgentAcknowledgedAndEscalated(Staff admin, Staff alice, Staff bob, Staff carol, String direct) {
        assertThat(call(
                                admin,
                                "PUT",
                                "/api/v1/urgent/settings",
                                Map.of(
                                        "escalateAfterMinutes",
                                        10,
                                        "repeatEveryMinutes",
                                        2,
                                        "escalationContactId",
                                        admin.id()))
                        .status())
                .isEqualTo(200);
        long urgentSeq = sendUrgent(alice, direct);
        Response ack = post(bob, "/api/v1/conversations/" + direct + "/messages/" + urgentSeq + "/acknowledge", null);
        assertThat(ack.status()).as(ack.text()).isEqualTo(200);
        double escalationsBefore = scrape().value("carechat_urgent_escalations_total");
        sendUrgent(alice, direct(alice, carol));
        clock.freezeAt(clock.instant().plus(Duration.ofMinutes(11)));
        // The escalation sweep ticks on its own; the clock says the alert is due.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> scrape().value("carechat_urgent_escalations_total") >= escalationsBefore + 1);
        clock.reset();
    }

    private long sendUrgent(Staff from, String conversationId) {
        Response r = post(
                from,
                "/api/v1/conversations/" + conversationId + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", "K+ 6.9", "urgent", true));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("seq").asLong();
    }

    /** Ten wrong passwords lock the account (a lock-out); the eleventh attempt is refused by the limit. */
    private void lockOut(Organisation org) {
        String username = newUserWithPassword(org, PASSWORD, false);
        for (int i = 0; i <= 10; i++) {
            login(username, "not the password " + i);
        }
    }

    /** A daily notice to a patient goes out by SMS to the in-process SMS centre. */
    private void noticeSentBySms(Organisation org, Staff admin, Staff nurse) {
        Patient record = patientRecord(org, "Nell", "Noticed", "1950-05-05", Patients.mobile(), null);
        patientAccount(record);
        String conversation = conversations
                .create(
                        asCurrent(nurse),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.PATIENT,
                                "Results",
                                record.id(),
                                true,
                                List.of(),
                                null))
                .id();
        Map<String, Object> rules =
                Map.of("channels", List.of("sms"), "windowStart", "00:00", "windowEnd", "23:59", "timeZone", "UTC");
        assertThat(call(admin, "PATCH", "/api/v1/orgs/current", Map.of("notices", rules))
                        .status())
                .isEqualTo(200);
        Instant tomorrowNoon =
                LocalDate.now(ZoneOffset.UTC).plusDays(1).atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC);
        clock.setTo(tomorrowNoon);
        sendText(nurse, conversation, "your results are in");
        clock.setTo(tomorrowNoon.plus(Duration.ofMinutes(5)));
        notices.runOnce();
        clock.reset();
    }

    private Response bearer(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private Metrics scrape() {
        Response r = bearer("/actuator/prometheus", SCRAPE_TOKEN);
        assertThat(r.status()).isEqualTo(200);
        return new Metrics(r.text());
    }

    /** A Prometheus text exposition, read by metric name and label fragments. */
    record Metrics(String text) {

        /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}; 0 when none. */
        double value(String name, String... labels) {
            return text.lines()
                    .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                    .filter(line -> List.of(labels).stream().allMatch(line::contains))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        }
    }
}
