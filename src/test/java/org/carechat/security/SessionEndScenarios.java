package org.carechat.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.system.CareChatProperties;
import org.carechat.testing.BrowserSession;
import org.carechat.testing.MutableClock;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * T-SESS-01 and T-AZ-04: a session that times out, is signed out, revoked or disabled stops working on HTTP and
 * its open sockets close within a second; a removed member's socket receives nothing more of the conversation.
 * Time-outs are reached by moving the server's clock, not by sleeping.
 */
@Timeout(120)
abstract class SessionEndScenarios extends ServerTest {

    static final int CLOSE_WITHIN_MILLIS = 1_000;
    /** The idle limit is kept to within a few seconds of the last use (sessions are touched every 5 s at most). */
    static final Duration MARGIN = Duration.ofSeconds(5);

    @Autowired
    MutableClock clock;

    @Autowired
    CareChatProperties properties;

    Organisation org;

    @BeforeEach
    void organisation() {
        org = newOrg();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    WsClient openSocket(BrowserSession session) {
        WsClient socket = connect(session);
        socket.send(Map.of("type", "resume"));
        socket.awaitType("sync_complete", 10);
        return socket;
    }

    @Test
    void anIdleSessionStopsWorkingAtItsIdleLimitAndItsSocketClosesWithinASecond() {
        BrowserSession session = login(newUserWithPassword(org, PASSWORD, false), PASSWORD);
        Duration idle = properties.sessions().idleTimeout();
        try (WsClient socket = openSocket(session)) {
            clock.advance(idle.minus(MARGIN));
            pauseForTwoChecks();
            assertThat(socket.isClosed()).as("closed before the idle limit").isFalse();

            clock.advance(MARGIN.multipliedBy(2));
            assertThat(millisUntilClosed(socket)).isLessThan(CLOSE_WITHIN_MILLIS);
            assertThat(socket.awaitClose(1)).isEqualTo(1008);
        }
        assertThat(withCookie(session, "GET", "/api/v1/auth/me", null, false).status())
                .isEqualTo(401);
    }

    @Test
    void aSessionInUseStillEndsAtItsAbsoluteLimitAndItsSocketClosesWithinASecond() {
        BrowserSession session = login(newUserWithPassword(org, PASSWORD, false), PASSWORD);
        Duration absolute = properties.sessions().absoluteTimeout();
        Duration step = properties.sessions().idleTimeout().dividedBy(2);
        try (WsClient socket = openSocket(session)) {
            Duration elapsed = Duration.ZERO;
            while (elapsed.plus(step).compareTo(absolute.minus(MARGIN)) < 0) {
                clock.advance(step);
                elapsed = elapsed.plus(step);
                assertThat(withCookie(session, "GET", "/api/v1/auth/me", null, false)
                                .status())
                        .as("after %s", elapsed)
                        .isEqualTo(200);
            }
            clock.advance(absolute.minus(MARGIN).minus(elapsed));
            assertThat(withCookie(session, "GET", "/api/v1/auth/me", null, false)
                            .status())
                    .isEqualTo(200);
            pauseForTwoChecks();
            assertThat(socket.isClosed()).isFalse();

            clock.advance(MARGIN.multipliedBy(2));
            assertThat(millisUntilClosed(socket)).isLessThan(CLOSE_WITHIN_MILLIS);
        }
        assertThat(withCookie(session, "GET", "/api/v1/auth/me", null, false).status())
                .isEqualTo(401);
    }

    @Test
    void typingOnTheSocketKeepsTheSessionFromIdlingOutButAnAppsPingsAndAcksDoNot() {
        String username = newUserWithPassword(org, PASSWORD, false);
        BrowserSession person = login(username, PASSWORD);
        BrowserSession unattended = login(username, PASSWORD);
        JsonNode me = person.response().json().get("user");
        String conversation = group(
                new Staff(users.require(org.id(), me.get("id").asString()), null), newStaff(org, Role.NURSE, "Nina"));
        Duration step = properties.sessions().idleTimeout().dividedBy(3);
        try (WsClient typing = openSocket(person);
                WsClient idle = openSocket(unattended)) {
            for (int i = 1; i <= 6; i++) {
                clock.advance(step);
                typing.send(Map.of("type", "typing", "c", conversation));
                String id = "p" + i;
                if (i < 3) {
                    idle.send(Map.of("type", "ping", "id", id));
                    idle.send(Map.of("type", "ack", "c", conversation, "upTo", 0));
                    idle.await(
                            f -> "pong".equals(f.get("type").asString())
                                    && id.equals(f.get("id").asString()),
                            5);
                }
                pauseForTwoChecks();
                if (i == 3) {
                    assertThat(idle.awaitClose(1))
                            .as("pings and acks are not a person's use")
                            .isEqualTo(1008);
                }
            }
            assertThat(typing.isClosed()).isFalse();
        }
        assertThat(withCookie(person, "GET", "/api/v1/auth/me", null, false).status())
                .isEqualTo(200);
        assertThat(withCookie(unattended, "GET", "/api/v1/auth/me", null, false).status())
                .isEqualTo(401);
    }

    @Test
    void signingOutClosesTheSocketWithinASecondAndTheOldCookieIsRefused() {
        BrowserSession session = login(newUserWithPassword(org, PASSWORD, false), PASSWORD);
        try (WsClient socket = openSocket(session)) {
            assertThat(withCookie(session, "POST", "/api/v1/auth/logout", null, true)
                            .status())
                    .isEqualTo(204);
            assertThat(millisUntilClosed(socket)).isLessThan(CLOSE_WITHIN_MILLIS);
        }
        assertThat(withCookie(session, "GET", "/api/v1/auth/me", null, false).status())
                .isEqualTo(401);
        try (WsClient again = connect(session)) {
            assertThat(again.awaitClose(5)).isNotEqualTo(1000);
        } catch (RuntimeException refusedAtTheUpgrade) {
            assertThat(refusedAtTheUpgrade).hasStackTraceContaining("401");
        }
    }

    @Test
    void revokingAMembershipADeviceOrAnAccountReachesOpenSocketsWithinASecond() {
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        Staff carol = newStaff(org, Role.NURSE, "Carol");
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        String ward = group(alice, bob, carol);
        try (WsClient bobSocket = connect(bob);
                WsClient carolSocket = connect(carol)) {
            bobSocket.send(Map.of("type", "resume"));
            carolSocket.send(Map.of("type", "resume"));
            bobSocket.awaitType("sync_complete", 10);
            carolSocket.awaitType("sync_complete", 10);

            // A removed member: nothing of the conversation after the removal reaches the socket.
            long removedAt = removeMember(alice, ward, bob);
            for (int i = 0; i < 5; i++) {
                sendText(alice, ward, "after the removal " + i);
            }
            carolSocket.await(f -> f.path("entry").path("body").asString("").equals("after the removal 4"), 10);
            pauseForTwoChecks();
            for (JsonNode frame : bobSocket.frames()) {
                assertThat(frame.path("entry").path("seq").asLong(0))
                        .as("%s", frame)
                        .isLessThanOrEqualTo(removedAt);
                frame.path("events")
                        .forEach(e -> assertThat(e.get("seq").asLong()).isLessThanOrEqualTo(removedAt));
            }
            assertThat(get(bob, "/api/v1/conversations/" + ward + "/messages").status())
                    .isEqualTo(404);

            // A disabled account: its socket closes.
            long start = System.nanoTime();
            assertThat(call(admin, "PATCH", "/api/v1/users/" + carol.id(), Map.of("disabled", true))
                            .status())
                    .isEqualTo(200);
            carolSocket.awaitClose(1);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(CLOSE_WITHIN_MILLIS);
            assertThat(get(carol, "/api/v1/auth/me").status()).isEqualTo(401);

            // A revoked device: its socket closes.
            String bobTokenId =
                    get(bob, "/api/v1/auth/tokens").json().get(0).get("id").asString();
            start = System.nanoTime();
            assertThat(call(bob, "DELETE", "/api/v1/auth/tokens/" + bobTokenId, null)
                            .status())
                    .isEqualTo(204);
            bobSocket.awaitClose(1);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(CLOSE_WITHIN_MILLIS);
            assertThat(get(bob, "/api/v1/auth/me").status()).isEqualTo(401);
        }
    }

    long removeMember(Staff owner, String conversation, Staff member) {
        assertThat(call(owner, "DELETE", "/api/v1/conversations/" + conversation + "/members/" + member.id(), null)
                        .status())
                .isEqualTo(204);
        return get(owner, "/api/v1/conversations/" + conversation)
                .json()
                .get("conversation")
                .get("lastSeq")
                .asLong();
    }

    /** How long the server takes to close {@code socket}, from now. */
    static long millisUntilClosed(WsClient socket) {
        long start = System.nanoTime();
        socket.awaitClose(5);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Real time for the session watch to run twice (it checks every 250 ms). */
    static void pauseForTwoChecks() {
        sleep(600);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
