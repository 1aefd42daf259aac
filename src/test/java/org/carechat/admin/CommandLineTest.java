package org.carechat.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin command line against a real SQLite file, as an operator would run it (without the web server): the
 * commands that create things. {@link OperatorCommandsTest} covers repairing accounts, backups and checks.
 */
class CommandLineTest {

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

    long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("carechat.db"));
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void createsAnOrganisationWithItsAdminThenStaffThenImportsPatients() throws Exception {
        assertThat(run("create-org", "--name=North Clinic", "--admin-username=nadmin", "--admin-name=Nora Admin"))
                .isZero();
        assertThat(run(
                        "create-user",
                        "--org=North Clinic",
                        "--username=drjones",
                        "--name=Dr Jones",
                        "--role=clinician"))
                .isZero();
        Path csv = dataDir.resolve("patients.csv");
        Files.writeString(
                csv,
                "mrn,given_name,family_name,birth_date,mobile,email\n"
                        + "N-1,Jane,Doe,1980-01-01,+447412900123,\nN-2,John,Roe,1970-06-30,,john@example.org\n");
        assertThat(run("import-patients", "--org=North Clinic", csv.toString())).isZero();

        assertThat(count("SELECT COUNT(*) FROM organisation WHERE name = 'North Clinic'"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM app_user WHERE username IN ('nadmin', 'drjones') "
                        + "AND must_change_password = 1"))
                .isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM app_user WHERE username = 'nadmin' AND role = 'admin'"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM patient")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE type = 'PATIENTS_IMPORTED'"))
                .isEqualTo(1);
    }

    @Test
    void aBadCsvRowFailsTheCommandAndImportsNothing() throws IOException, SQLException {
        assertThat(run("create-org", "--name=South Clinic")).isZero();
        Path csv = dataDir.resolve("bad.csv");
        Files.writeString(csv, "mrn,given_name,family_name,birth_date\nS-1,Ann,Good,1990-01-01\nS-2,Bob,,1990-01-01\n");

        assertThat(run("import-patients", "--org=South Clinic", csv.toString())).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM patient")).isZero();
    }

    @Test
    void refusedInputsExitWithCodeTwoAndChangeNothing() throws SQLException {
        assertThat(run("create-org", "--name=East Clinic")).isZero();
        assertThat(run("create-org", "--name=East Clinic")).isEqualTo(2);
        assertThat(run("create-user", "--org=East Clinic", "--username=x1", "--name=X", "--role=surgeon"))
                .isEqualTo(2);
        assertThat(run("create-user", "--org=Nowhere", "--username=x2", "--name=X", "--role=nurse"))
                .isEqualTo(2);
        assertThat(run(
                        "create-user",
                        "--org=East Clinic",
                        "--username=x3",
                        "--name=X",
                        "--role=nurse",
                        "--password=short"))
                .isEqualTo(2);
        assertThat(run("create-user", "--org=East Clinic", "--username=has spaces", "--name=X", "--role=nurse"))
                .isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM organisation")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM app_user")).isZero();
    }

    @Test
    void auditVerifyExitsZeroOnAnIntactTrailAndThreeOnceARowIsEditedInTheFile() throws SQLException {
        assertThat(run("create-org", "--name=West Clinic", "--admin-username=wadmin"))
                .isZero();
        assertThat(run("create-user", "--org=West Clinic", "--username=drwest", "--name=Dr West", "--role=clinician"))
                .isZero();
        assertThat(run("audit", "verify")).isZero();
        assertThat(run("audit", "check")).isEqualTo(2);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("carechat.db"))) {
            c.createStatement().execute("DROP TRIGGER audit_event_no_update");
            c.createStatement().execute("UPDATE audit_event SET type = 'SIGN_OUT' WHERE type = 'USER_CREATED'");
        }
        assertThat(run("audit", "verify")).isEqualTo(AdminCli.CHECK_FAILED);
        assertThat(out.toString()).contains("audit trail BROKEN");
    }

    @Test
    void rotatingTheMasterKeyAddsAPrimaryKeyRewrapsEveryStoredKeyAndKeepsTheTrailIntact() throws Exception {
        assertThat(run("create-org", "--name=Rota Clinic", "--admin-username=radmin"))
                .isZero();
        String before = Files.readString(dataDir.resolve("master-key.json"));
        long keysBefore = count("SELECT COUNT(*) FROM system_key");

        assertThat(run("rotate-master-key")).isZero();

        String after = Files.readString(dataDir.resolve("master-key.json"));
        assertThat(after).isNotEqualTo(before);
        assertThat(after.split("\"keyId\"", -1)).hasSize(3); // two keys: the old one stays for older backups
        assertThat(count("SELECT COUNT(*) FROM system_key"))
                .isEqualTo(keysBefore)
                .isPositive();
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE type = 'KEY_ROTATED'"))
                .isEqualTo(1);
        assertThat(run("audit", "verify")).isZero();
    }

    @Test
    void aDifferentMasterKeyThanTheDatabaseWasEncryptedUnderStopsTheStartWithAnExplanation() throws Exception {
        assertThat(run("create-org", "--name=Key Clinic")).isZero();
        Path key = dataDir.resolve("master-key.json");
        Files.delete(key);
        org.carechat.crypto.MasterKeyFiles.createFresh(key);

        assertThat(run("create-org", "--name=Other Clinic")).isEqualTo(AdminCli.FAILED);
        assertThat(err.toString()).contains("does not open the keys stored in the database");
        assertThat(count("SELECT COUNT(*) FROM organisation")).isEqualTo(1);
    }
}
