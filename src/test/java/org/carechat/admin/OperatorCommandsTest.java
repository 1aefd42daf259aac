package org.carechat.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.carechat.system.MetricsScrapeToken;
import org.carechat.system.Version;
import org.carechat.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands against a real SQLite file: help and typed options without a database, repairing staff
 * accounts, online backups and their check, the configuration check and the metrics token.
 */
class OperatorCommandsTest {

    @TempDir
    Path dataDir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--carechat.data-dir=" + dataDir);
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return AdminCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    }

    String query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("carechat.db"));
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("carechat.db"))) {
            c.createStatement().execute(sql);
        }
    }

    @Test
    void versionHelpAndUsageErrorsAnswerWithoutOpeningTheDatabase() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString().strip()).isEqualTo("CareChat " + Version.current());
        assertThat(run("help")).isZero();
        assertThat(out.toString())
                .contains("users", "check-config", "backup", "verify-backup", "metrics-token", "audit");
        assertThat(run("users", "disable", "--org=North")).isEqualTo(AdminCli.REFUSED);
        assertThat(err.toString()).contains("Missing required option: '--username=<username>'");
        assertThat(run("backup")).isEqualTo(AdminCli.REFUSED);
        assertThat(run("no-such-command")).isEqualTo(AdminCli.REFUSED);
        assertThat(dataDir.resolve("carechat.db")).doesNotExist();
        assertThat(AdminCli.handles(new String[] {"--server.port=9000"})).isFalse();
        assertThat(AdminCli.handles(new String[] {"users", "list", "--carechat.data-dir=/x"}))
                .isTrue();
    }

    @Test
    void theOperatorListsDisablesEnablesAndResetsAStaffMembersPasswordAndSecondFactor() throws SQLException {
        assertThat(run("create-org", "--name=North Clinic", "--admin-username=nadmin"))
                .isZero();
        assertThat(run("create-user", "--org=North Clinic", "--username=drjones", "--name=Dr Jones", "--role=nurse"))
                .isZero();
        String hashBefore = query("SELECT password_hash FROM app_user WHERE username = 'drjones'");

        assertThat(run("users", "list", "--org=North Clinic")).isZero();
        assertThat(out.toString()).containsPattern("drjones\\s+nurse\\s+active\\s+no");

        assertThat(run("users", "disable", "--org=North Clinic", "--username=drjones"))
                .isZero();
        assertThat(query("SELECT disabled FROM app_user WHERE username = 'drjones'"))
                .isEqualTo("1");
        assertThat(run("users", "list", "--org=North Clinic")).isZero();
        assertThat(out.toString()).containsPattern("drjones\\s+nurse\\s+disabled");
        assertThat(run("users", "enable", "--org=North Clinic", "--username=drjones"))
                .isZero();
        assertThat(query("SELECT disabled FROM app_user WHERE username = 'drjones'"))
                .isEqualTo("0");

        execute("UPDATE app_user SET must_change_password = 0 WHERE username = 'drjones'");
        assertThat(run("users", "reset-password", "--org=North Clinic", "--username=drjones"))
                .isZero();
        assertThat(out.toString()).containsPattern("one-time password for drjones: \\S{12,}");
        assertThat(query("SELECT must_change_password FROM app_user WHERE username = 'drjones'"))
                .isEqualTo("1");
        assertThat(query("SELECT password_hash FROM app_user WHERE username = 'drjones'"))
                .isNotEqualTo(hashBefore);

        assertThat(run("users", "reset-second-factor", "--org=North Clinic", "--username=drjones"))
                .isEqualTo(AdminCli.REFUSED);
        assertThat(err.toString()).contains("drjones has no second factor to reset");
        execute("UPDATE app_user SET totp_secret = 'sealed', totp_confirmed_at = 1 WHERE username = 'drjones'");
        assertThat(run("users", "reset-second-factor", "--org=North Clinic", "--username=drjones"))
                .isZero();
        assertThat(query("SELECT totp_secret FROM app_user WHERE username = 'drjones'"))
                .isNull();

        assertThat(run("users", "disable", "--org=North Clinic", "--username=nobody"))
                .isEqualTo(AdminCli.REFUSED);
        assertThat(query("SELECT COUNT(*) FROM audit_event WHERE type = 'USER_UPDATED' AND ip = 'cli'"))
                .isEqualTo("3");
        assertThat(query("SELECT COUNT(*) FROM audit_event WHERE type = 'SECOND_FACTOR_REMOVED'"))
                .isEqualTo("1");
        assertThat(run("audit", "verify")).isZero();
    }

    @Test
    void anOnlineBackupIsAConsistentCopyThatVerifiesAndADamagedOneDoesNot() throws Exception {
        assertThat(run("create-org", "--name=Backup Clinic", "--admin-username=badmin"))
                .isZero();
        Path backup = dataDir.resolve("backup-1.db");

        assertThat(run("backup", "--to=" + backup)).isZero();
        assertThat(out.toString()).contains("backed up to", "organisation=1", "app_user=1");
        assertThat(run("verify-backup", backup.toString())).isZero();
        assertThat(out.toString()).startsWith("backup sound: integrity ok, foreign keys ok, schema version");

        assertThat(run("backup", "--to=" + backup)).isEqualTo(AdminCli.REFUSED);
        assertThat(err.toString()).contains("exists already");
        assertThat(run("verify-backup", dataDir.resolve("missing.db").toString()))
                .isEqualTo(AdminCli.REFUSED);

        Path damaged = dataDir.resolve("damaged.db");
        Files.copy(backup, damaged);
        try (RandomAccessFile file = new RandomAccessFile(damaged.toFile(), "rw")) {
            file.seek(4096 + 100);
            file.write(new byte[8192]);
        }
        assertThat(run("verify-backup", damaged.toString())).isEqualTo(AdminCli.CHECK_FAILED);
        assertThat(out.toString()).startsWith("backup NOT sound");
    }

    @Test
    void theConfigurationCheckPassesAFreshInstallAndFailsOnAnExpiredCertificate() {
        assertThat(run("check-config")).isZero();
        assertThat(out.toString())
                .contains("ok    database reached; schema version", "ok    master key opens", "configuration OK")
                .contains("warn  patient notices and one-time codes are off");

        TestCertificates.selfSigned("localhost", Clock.systemUTC().instant().minus(Duration.ofDays(60)))
                .writeTo(dataDir.resolve("old.pem"), dataDir.resolve("old.key"));
        assertThat(run(
                        "check-config",
                        "--carechat.tls.certificate=" + dataDir.resolve("old.pem"),
                        "--carechat.tls.private-key=" + dataDir.resolve("old.key")))
                .isEqualTo(AdminCli.CHECK_FAILED);
        assertThat(out.toString()).contains("ERROR the TLS certificate expired on");
    }

    @Test
    void aMetricsTokenComesWithTheHashTheServerKeeps() {
        assertThat(run("metrics-token")).isZero();
        String[] lines = out.toString().strip().split("\n");
        String token = lines[0].substring(lines[0].lastIndexOf(' ') + 1).strip();
        assertThat(token).startsWith("ccm_").hasSizeGreaterThan(40);
        assertThat(lines[1].strip())
                .isEqualTo("server setting: --carechat.metrics.token-hash=" + MetricsScrapeToken.hash(token));
        assertThat(dataDir.resolve("carechat.db")).doesNotExist();
    }
}
