package org.carechat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * The short version of T-REL-01 for CI (the long one: {@code ./carechat crash-test}, docs/performance.md): about half
 * a minute per database of sends and receives while the server is killed with SIGKILL every 6 ± 3 s, and on
 * PostgreSQL the database every second time too. Nothing acknowledged is lost, nothing is stored twice, nothing
 * arrives out of order or with a gap.
 */
class CrashTest {

    /** The suite's short version: 15 s of traffic, the server killed every 4 ± 2 s. */
    @Test
    @Timeout(600)
    void killingTheServerAgainAndAgainLosesNoAcknowledgedMessageOnSqlite() throws Exception {
        check("sqlite", Duration.ofSeconds(15), Duration.ofSeconds(4));
    }

    @Test
    @org.junit.jupiter.api.Tag("long") // ./carechat long-tests
    @Timeout(600)
    void killingTheServerAgainAndAgainForHalfAMinuteLosesNoAcknowledgedMessageOnSqlite() throws Exception {
        check("sqlite", Duration.ofSeconds(30), Duration.ofSeconds(6));
    }

    @Test
    @org.junit.jupiter.api.Tag("long") // ./carechat long-tests: PostgreSQL's crash run, lanes and detours under SIGKILL
    @Timeout(600)
    void killingTheServerAndPostgresqlAgainAndAgainLosesNoAcknowledgedMessage() throws Exception {
        check("postgresql", Duration.ofSeconds(30), Duration.ofSeconds(6));
    }

    private static void check(String storage, Duration duration, Duration killEvery) throws Exception {
        CrashCheck.Result r = new CrashCheck(storage, duration, killEvery, 3).run();
        String json =
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(r);
        Files.writeString(Path.of("target", "crash-test-" + storage + ".json"), json, StandardCharsets.UTF_8);
        assertThat(r.serverKills()).as(json).isGreaterThanOrEqualTo(3);
        assertThat(r.acked()).as(json).isGreaterThan(50);
        assertThat(r.ackedLost()).as(json).isZero();
        assertThat(r.duplicatesAfterDedup()).as(json).isZero();
        assertThat(r.orderViolations()).as(json).isZero();
        assertThat(r.gaps()).as(json).isZero();
        assertThat(r.failed()).as(json).isZero();
        assertThat(r.stillPending()).as(json).isZero();
        if (storage.equals("postgresql")) {
            assertThat(r.postgresKills()).as(json).isPositive();
        }
    }
}
