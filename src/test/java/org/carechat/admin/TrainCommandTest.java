package org.carechat.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carechat train}, the AOT cache's training run: it must exercise the hot paths for real (a run where the
 * server refused everything would train the JVM on error paths) and must never touch the configured database.
 */
class TrainCommandTest {

    private static final Pattern SUMMARY = Pattern.compile(
            "trained: 6 devices, (\\d+) rounds, (\\d+) sends \\((\\d+) answered, (\\d+) refused\\), (\\d+) events received,"
                    + " (\\d+) "
                    + "resumes");

    @TempDir
    Path configuredDataDir;

    @Test
    void aTrainingRunSignsInSendsAcknowledgesAndResumesOnAThrowawayServerAndLeavesTheConfiguredDataAlone() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = AdminCli.run(
                new String[] {
                    "train", "--seconds=2", "--clients=6", "--group-size=3", "--carechat.data-dir=" + configuredDataDir
                },
                new PrintWriter(out),
                new PrintWriter(err));

        assertThat(code).as(err.toString()).isEqualTo(AdminCli.OK);
        Matcher summary = SUMMARY.matcher(out.toString());
        assertThat(summary.find()).as(out.toString()).isTrue();
        long rounds = Long.parseLong(summary.group(1));
        long sent = Long.parseLong(summary.group(2));
        assertThat(rounds).isPositive();
        assertThat(sent).isEqualTo(rounds * 6 * 2); // each device to its direct and its group conversation
        assertThat(Long.parseLong(summary.group(3))).isEqualTo(sent);
        assertThat(Long.parseLong(summary.group(4)))
                .as("refused sends train error paths")
                .isZero();
        assertThat(Long.parseLong(summary.group(5))).isGreaterThan(sent); // a group send reaches two others
        assertThat(Long.parseLong(summary.group(6))).isPositive();
        assertThat(configuredDataDir).isEmptyDirectory();
    }

    @Test
    void clientsThatCannotFormPairsAndGroupsAreRefusedBeforeAnythingStarts() {
        StringWriter err = new StringWriter();

        int code = AdminCli.run(
                new String[] {"train", "--clients=9", "--group-size=3", "--carechat.data-dir=" + configuredDataDir},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err));

        assertThat(code).isEqualTo(AdminCli.REFUSED);
        assertThat(err.toString())
                .contains(
                        "error: --seconds must be at least 1, --group-size at least 3, --clients an even multiple of it");
        assertThat(configuredDataDir).isEmptyDirectory();
    }
}
