package org.carechat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.carechat.bench.LauncherJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * T-REL-06: devices (1,000 in the suite, 5,000 in {@code ./carechat long-tests}) drop their connections at once, 10 messages arrive in each of their groups, and they
 * all reconnect within 10 s. Every one is back and caught up, with no gap, no repeat and nothing missing, and none
 * was dropped without being told; refusals (1013 or 503 with a retry hint) and attempts that got no answer within
 * 30 s on a loaded machine (tried again, as the apps do) are allowed and counted. The figures (reconnect
 * p99, heap peak) are written to {@code target/reconnect-storm-sqlite-<devices>.json}; the benchmark with 10,000 connections is
 * {@code ./carechat bench-connections} (docs/performance.md).
 */
class ReconnectStormTest {

    /** The suite's short version: 1,000 devices, all of them in the storm, with the launcher's heap. */
    @Test
    @Timeout(600)
    void aThousandDevicesDroppingAtOnceAllReconnectWithinTheWindowAndMissNothing() throws Exception {
        storm(1000, LauncherJvm.options());
    }

    @Test
    @org.junit.jupiter.api.Tag("long") // ./carechat long-tests
    @Timeout(600)
    void fiveThousandDevicesDroppingAtOnceAllReconnectWithinTheWindowAndMissNothing() throws Exception {
        List<String> jvm = new ArrayList<>(LauncherJvm.options());
        jvm.add("-Xmx1g"); // room for 5,000 sockets and the clients' catch-up at once
        storm(5000, jvm);
    }

    private static void storm(int devices, List<String> jvm) throws Exception {
        ReconnectStorm.Result r = new ReconnectStorm("sqlite", devices, devices, 10, 10, jvm).run();
        String json = CrashCheck.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r);
        Files.writeString(
                Path.of("target", "reconnect-storm-sqlite-" + devices + ".json"), json, StandardCharsets.UTF_8);
        assertThat(r.reconnected()).as(json).isEqualTo(devices);
        assertThat(r.gaps()).as(json).isZero();
        assertThat(r.repeats()).as(json).isZero();
        assertThat(r.missing()).as(json).isZero();
        assertThat(r.silentlyDropped()).as(json).isZero();
        assertThat(r.reconnectP99Millis()).as(json).isPositive();
        assertThat(r.heapPeakDuringStormMb()).as(json).isPositive();
    }
}
