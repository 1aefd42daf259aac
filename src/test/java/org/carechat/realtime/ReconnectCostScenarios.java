package org.carechat.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.ExecutedStatements;
import org.carechat.testing.MutableClock;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #20's reconnect storm: what one reconnect costs the database. The statements are those Spring's JDBC layer
 * runs (its DEBUG lines, one per statement), on the server's request and socket threads and its SQLite writer. An upgrade reads its
 * token and writes nothing (its use is recorded within seconds with every other socket's, even if the socket has
 * closed since); a resume from cursors for all its conversations reads where they stand twice, decrypting no topic,
 * and does not read the device's acknowledged cursors it does not need.
 */
@Timeout(120)
abstract class ReconnectCostScenarios extends ServerTest {

    /** SessionWatch's batch recording sockets' uses (on SQLite through the writer), whenever its timer fires. */
    static final String SESSION_WATCH_USES = "AND last_used_at < ?";

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anUpgradeReadsItsTokenOnceAndWritesNothingAndAResumeReadsNoTopicAndNoCursorsItNeedsNot() throws Exception {
        Organisation org = newOrg();
        Staff nurse = newStaff(org, Role.NURSE, "Nora");
        Staff doctor = newStaff(org, Role.CLINICIAN, "Dan");
        String ward = group(doctor, nurse);
        long held = sendText(doctor, ward, "before");
        for (int i = 0; i < 10; i++) {
            sendText(doctor, ward, "while away " + i);
        }
        clock.advance(Duration.ofMinutes(1)); // the token's last use is old enough to be recorded again

        WsClient[] socket = new WsClient[1];
        List<String> upgrade = statements(() -> socket[0] = connect(nurse));
        try (WsClient again = socket[0]) {
            List<String> resume = statements(() -> {
                again.send(Map.of("type", "resume", "cursors", List.of(Map.of("c", ward, "seq", held))));
                return again.awaitType("sync_complete", 10);
            });
            assertThat(again.frames("batch")).hasSize(1);
            assertThat(again.frames("batch").getFirst().get("events")).hasSize(10);

            assertThat(upgrade).as("the upgrade's statements").hasSize(1);
            assertThat(upgrade.getFirst()).contains("FROM auth_token t JOIN app_user u");
            assertThat(resume).noneMatch(s -> s.contains("device_cursor")).noneMatch(s -> s.contains("sealed_topic"));
            assertThat(resume.stream().filter(s -> s.contains("JOIN conversation_member")))
                    .as("reads of where the conversations stand")
                    .hasSize(2);
            assertThat(resume.stream().filter(s -> s.contains("FROM message")))
                    .as("reads of what was missed")
                    .hasSize(1);
            assertThat(resume.stream().filter(s -> s.contains("INSERT INTO audit_event")))
                    .as("the catch-up is audited")
                    .hasSize(1);
        }
    }

    @Test
    void anUpgradesUseIsRecordedWithinSecondsEvenWhenItsSocketClosesAtOnce() throws Exception {
        Organisation org = newOrg();
        Staff nurse = newStaff(org, Role.NURSE, "Nora");
        clock.advance(Duration.ofMinutes(1));
        long upgradedAt = clock.millis();
        try (WsClient socket = connect(nurse)) {
            socket.send(Map.of("type", "ping", "id", "p"));
            socket.awaitType("pong", 5);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long lastUsed = lastUsedAt(nurse);
        while (lastUsed < upgradedAt && System.nanoTime() < deadline) {
            Thread.sleep(100);
            lastUsed = lastUsedAt(nurse);
        }
        assertThat(lastUsed).as("the token's last use").isGreaterThanOrEqualTo(upgradedAt);
    }

    private long lastUsedAt(Staff staff) {
        return jdbc.sql("SELECT MAX(last_used_at) FROM auth_token WHERE user_id = ? AND kind = 'device'")
                .param(staff.id())
                .query(Long.class)
                .single();
    }

    /** The statements the server ran for {@code work}: on its request and socket threads, and its SQLite writer. */
    static List<String> statements(Supplier<?> work) {
        return ExecutedStatements.during(work::get, "tomcat-handler", "carechat-sqlite-writer").stream()
                .filter(m -> !m.contains(SESSION_WATCH_USES))
                .toList();
    }
}
