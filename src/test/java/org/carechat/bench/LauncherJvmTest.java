package org.carechat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One set of JVM options for the launcher, the systemd unit, its check and the benchmarks' server process. */
class LauncherJvmTest {

    @Test
    void theLauncherTheServiceUnitAndItsCheckAllStartJavaWithTheSharedOptionsFile() throws Exception {
        assertThat(Files.readString(Path.of("carechat")))
                .contains("java\" @packaging/jvm.options ${CARECHAT_JAVA_OPTS");
        assertThat(Files.readString(Path.of("packaging", "carechat.service")))
                .contains("ExecStart=/usr/bin/java @/opt/carechat/jvm.options $CARECHAT_JAVA_OPTS")
                .contains("install -m 0444 packaging/jvm.options /opt/carechat/jvm.options")
                .doesNotContain("-XX:+Use");
        assertThat(Files.readString(Path.of("packaging", "run-as-service.sh")))
                .contains("install -m 0444 packaging/jvm.options \"$CODE/jvm.options\"")
                .contains("java\" @\"$CODE/jvm.options\"");
    }

    @Test
    void theOptionsNameOneCollectorAndABoundedHeap() {
        List<String> options = LauncherJvm.options();

        assertThat(options).contains("--enable-native-access=ALL-UNNAMED");
        assertThat(options.stream().filter(o -> o.matches("-XX:\\+Use\\w+GC"))).hasSize(1);
        assertThat(options.stream().filter(o -> o.startsWith("-Xmx"))).hasSize(1);
    }

    @Test
    void commentsAndBlankLinesAreNotOptions() {
        assertThat(LauncherJvm.parse(List.of("# a comment", "", "-Xmx1g  # the heap", "  -A -B  ")))
                .containsExactly("-Xmx1g", "-A", "-B");
    }
}
