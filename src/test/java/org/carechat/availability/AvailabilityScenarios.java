package org.carechat.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.MutableClock;
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
import tools.jackson.databind.JsonNode;

/**
 * Availability: a chosen status with an end time lapses exactly at that end by the server's clock (moved by the test,
 * never slept), also while its user is offline; colleagues of the same organisation see every change live, nobody
 * else does; presence stays out of it.
 */
@Timeout(120)
abstract class AvailabilityScenarios extends ServerTest {

    static final String PATH = "/api/v1/availability";

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff dora;
    Staff colleague;

    @BeforeEach
    void practice() {
        org = newOrg();
        dora = newStaff(org, Role.CLINICIAN, "Dora Doctor");
        colleague = newStaff(org, Role.NURSE, "Nina Nurse");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    Response choose(Staff who, String status, Long until) {
        Map<String, Object> body = new HashMap<>();
        body.put("status", status);
        if (until != null) {
            body.put("until", until);
        }
        return call(who, "PUT", PATH, body);
    }

    JsonNode statusOf(Staff viewer, Staff subject) {
        for (JsonNode row : get(viewer, PATH).json()) {
            if (row.get("userId").asString().equals(subject.id())) {
                return row;
            }
        }
        return null;
    }

    WsClient resumed(Staff who) {
        WsClient ws = connect(who);
        ws.send(Map.of("type", "resume"));
        ws.awaitType("sync_complete", 10);
        return ws;
    }

    static boolean availabilityOf(JsonNode frame, Staff subject, String status) {
        return "availability".equals(frame.path("type").asString())
                && subject.id().equals(frame.path("userId").asString())
                && status.equals(frame.path("status").asString());
    }

    @Test
    void aStatusWithAnEndTimeLapsesExactlyThenWhileItsUserIsOfflineAndAColleagueSeesItLive() {
        try (WsClient nina = resumed(colleague)) {
            long until = clock.millis() + Duration.ofMinutes(30).toMillis();
            Response set = choose(dora, "busy", until);
            assertThat(set.status()).as(set.text()).isEqualTo(200);
            assertThat(set.json().get("until").asLong()).isEqualTo(until);
            JsonNode busy = nina.await(f -> availabilityOf(f, dora, "busy"), 10);
            assertThat(busy.get("until").asLong()).isEqualTo(until);

            clock.freezeAt(Instant.ofEpochMilli(until - 1));
            assertThat(statusOf(colleague, dora).get("status").asString()).isEqualTo("busy");
            assertThat(nina.frames("availability")).hasSize(1);

            clock.advance(Duration.ofMillis(1));
            assertThat(statusOf(colleague, dora))
                    .as("lapsed at its end, before any sweep")
                    .isNull();
            nina.await(f -> availabilityOf(f, dora, "available"), 10);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'AVAILABILITY_LAPSED' "
                                    + "AND target_id = ?")
                            .param(dora.id())
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM user_availability WHERE user_id = ?")
                            .param(dora.id())
                            .query(Long.class)
                            .single())
                    .isZero();
        }
    }

    @Test
    void aStatusWithoutAnEndLastsUntilChangedAndEachChangeIsAudited() {
        assertThat(choose(dora, "unavailable", null).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(30));
        assertThat(statusOf(colleague, dora).get("status").asString()).isEqualTo("unavailable");
        assertThat(statusOf(colleague, dora).has("until")).as("no end").isFalse();
        Response back = choose(dora, "available", null);
        assertThat(back.json().get("status").asString()).isEqualTo("available");
        assertThat(statusOf(colleague, dora)).isNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'AVAILABILITY_CHANGED' AND actor_id = ?")
                        .param(dora.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void choosingAgainBeforeTheEndReplacesTheOldEnd() {
        long now = clock.millis();
        choose(dora, "busy", now + Duration.ofMinutes(10).toMillis());
        choose(dora, "unavailable", now + Duration.ofHours(2).toMillis());
        clock.advance(Duration.ofMinutes(11));
        JsonNode status = statusOf(colleague, dora);
        assertThat(status.get("status").asString()).isEqualTo("unavailable");
        assertThat(status.get("until").asLong())
                .isEqualTo(now + Duration.ofHours(2).toMillis());
    }

    @Test
    void anotherOrganisationAndPatientsAreNeverToldAndCannotSetAStatus() {
        Staff foreigner = newStaff(newOrg(), Role.CLINICIAN, "Fred Foreign");
        Staff patient = patientAccount(patientRecord(org, "Pat", "Ient", "1970-01-01", null, null));
        try (WsClient away = resumed(foreigner);
                WsClient pat = resumed(patient);
                WsClient nina = resumed(colleague)) {
            choose(dora, "unavailable", null);
            nina.await(f -> availabilityOf(f, dora, "unavailable"), 10);
            away.send(Map.of("type", "ping", "id", "p"));
            away.awaitType("pong", 10);
            pat.send(Map.of("type", "ping", "id", "p"));
            pat.awaitType("pong", 10);
            assertThat(away.frames("availability")).isEmpty();
            assertThat(pat.frames("availability")).isEmpty();
        }
        assertThat(get(foreigner, PATH).json()).isEmpty();
        assertThat(choose(patient, "busy", null).status()).isEqualTo(403);
        assertThat(get(patient, PATH).status()).isEqualTo(403);
    }

    @Test
    void outOfRangeChoicesAreRefusedWithExactMessagesAndChangeNothing() {
        long now = clock.millis();
        Response unknown = choose(dora, "asleep", null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString())
                .isEqualTo("'status' must be one of available, busy, unavailable");
        Response past = choose(dora, "busy", now - 1);
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().get("detail").asString())
                .isEqualTo("'until' must be after now and at most 14 days ahead");
        Response far = choose(dora, "busy", now + Duration.ofDays(15).toMillis());
        assertThat(far.status()).isEqualTo(400);
        Response endless = choose(dora, "available", now + 60_000);
        assertThat(endless.json().get("detail").asString()).isEqualTo("'until' goes only with busy or unavailable");
        assertThat(call(dora, "PUT", PATH, Map.of("status", "x".repeat(21))).status())
                .isEqualTo(400);
        assertThat(statusOf(colleague, dora)).isNull();
    }
}
