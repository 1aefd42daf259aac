package org.carechat.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.carechat.CareChatApplication;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.Role;
import org.carechat.identity.UserService;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.storage.Dialect;
import org.carechat.testing.StoredData;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * T-CRY-01 across an upgrade: an installation whose topics, patient records and patients' account names were stored
 * in plain text (the previous release's schema, upgrade/previous-release.txt) starts on the new version; the migrations seal every row, search by
 * name, patient id and contact finds them, and no plain copy is left in the database's tables or files.
 */
abstract class PlainTextMigrationScenarios {

    /** The first schema version with identifying data encrypted. */
    static final MigrationVersion ENCRYPTED = MigrationVersion.fromVersion("15");

    /** The server's log file, written at the most talkative levels, searched for the canaries. */
    static final String LOG = "server.log";

    final Path dataDir = tempDir();
    ConfigurableApplicationContext node;

    /** The database of the installation, for writing it as the old version did. */
    abstract DataSource oldVersion();

    abstract Dialect dialect();

    /** Command-line arguments pointing the server at that database. */
    abstract List<String> storage();

    @AfterEach
    void down() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void plainTextRowsOfAnOlderVersionAreSealedAtStartFoundByNameIdAndContactAndLeaveNoPlainCopy() throws IOException {
        String org = UUID.randomUUID().toString();
        String staff = UUID.randomUUID().toString();
        IdentifyingDataAtRestScenarios.Canary jane = IdentifyingDataAtRestScenarios.Canary.make();
        IdentifyingDataAtRestScenarios.Canary john = IdentifyingDataAtRestScenarios.Canary.make();
        String topic = "Plaintopic " + IdentifyingDataAtRestScenarios.letters(10);
        String janeId = UUID.randomUUID().toString();
        String johnId = UUID.randomUUID().toString();
        String janesAccount = UUID.randomUUID().toString();
        String conversation = UUID.randomUUID().toString();
        writeAsTheOldVersion(org, staff, janeId, jane, johnId, john, janesAccount, conversation, topic);

        ServerLog serverLog = ServerLog.capture(dataDir.resolve(LOG));
        try {
            node = start();
            CurrentUser asStaff = new CurrentUser(staff, org, "Sam Staff", Role.CLINICIAN, false, "test", "127.0.0.1");
            PatientService patients = node.getBean(PatientService.class);
            assertThat(ids(patients.search(asStaff, jane.family().substring(0, 5))))
                    .containsExactly(janeId);
            assertThat(ids(patients.search(asStaff, john.mrn()))).containsExactly(johnId);
            assertThat(ids(patients.search(asStaff, john.mobile()))).containsExactly(johnId);
            assertThat(ids(patients.search(asStaff, jane.email()))).containsExactly(janeId);
            assertThat(patients.withContactAndBirthDate("sms", jane.mobile(), jane.birthDate()))
                    .extracting(Patient::id)
                    .containsExactly(janeId);
            assertThat(patients.require(org, johnId).givenName()).isEqualTo(john.given());
            List<Conversation> listed = node.getBean(ConversationService.class).listFor(asStaff, "list");
            assertThat(listed).extracting(Conversation::topic).containsExactly(topic);
            assertThat(node.getBean(UserService.class).displayNames(org, List.of(janesAccount)))
                    .containsEntry(janesAccount, jane.given() + " " + jane.family());
        } finally {
            serverLog.stop();
        }

        JdbcClient jdbc = node.getBean(JdbcClient.class);
        String everyValue = StoredData.everyValueAsText(jdbc, dialect());
        List<Path> files = StoredData.tableFiles(jdbc, dialect(), dataDir);
        String log = serverLog.text();
        assertThat(log).as("the server's log, at debug level").contains("Migrating schema");
        for (String canary : canaries(jane, john, topic)) {
            assertThat(log).as("the server's log").doesNotContain(canary);
            assertThat(everyValue).as("the tables").doesNotContain(canary);
            for (Path file : files) {
                assertThat(StoredData.text(file))
                        .as("%s after the upgrade", file)
                        .doesNotContain(canary);
            }
        }
    }

    private void writeAsTheOldVersion(
            String org,
            String staff,
            String janeId,
            IdentifyingDataAtRestScenarios.Canary jane,
            String johnId,
            IdentifyingDataAtRestScenarios.Canary john,
            String janesAccount,
            String conversation,
            String topic) {
        DataSource old = oldVersion();
        FluentConfiguration flyway = Flyway.configure()
                .dataSource(old)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + folder())
                .placeholders(Map.of("blob", dialect() == Dialect.SQLITE ? "BLOB" : "BYTEA"));
        flyway.target(previousRelease()).load().migrate();
        JdbcClient jdbc = JdbcClient.create(old);
        jdbc.sql("INSERT INTO organisation (id, name, created_at) VALUES (?, ?, 1)")
                .params(org, "Upgraded " + org)
                .update();
        jdbc.sql("INSERT INTO app_user (id, org_id, username, display_name, role, created_at) "
                        + "VALUES (?, ?, ?, 'Sam Staff', 'clinician', 1)")
                .params(staff, org, "sam" + staff.substring(0, 8))
                .update();
        for (var p : List.of(Map.entry(janeId, jane), Map.entry(johnId, john))) {
            IdentifyingDataAtRestScenarios.Canary c = p.getValue();
            jdbc.sql("INSERT INTO patient (id, org_id, mrn, given_name, family_name, birth_date, mobile, email, "
                            + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)")
                    .params(p.getKey(), org, c.mrn(), c.given(), c.family(), c.birthDate(), c.mobile(), c.email())
                    .update();
        }
        jdbc.sql("INSERT INTO app_user (id, org_id, username, display_name, role, created_at, patient_id) "
                        + "VALUES (?, ?, ?, ?, 'patient', 2, ?)")
                .params(janesAccount, org, "patient." + janeId, jane.given() + " " + jane.family(), janeId)
                .update();
        jdbc.sql(
                        "INSERT INTO conversation (id, org_id, kind, audience, topic, patient_id, accept_responses, "
                                + "last_activity_at, created_by, created_at) VALUES (?, ?, 'group', 'patient', ?, ?, 1, 3, ?, 3)")
                .params(conversation, org, topic, janeId, staff)
                .update();
        jdbc.sql("INSERT INTO conversation_member (conversation_id, user_id, org_id, role, joined_seq, added_at) "
                        + "VALUES (?, ?, ?, 'owner', 0, 3)")
                .params(conversation, staff, org)
                .update();
    }

    /** The schema of the previous release (docs/upgrade.md): the one installations upgrade from. */
    static MigrationVersion previousRelease() {
        try (var in = PlainTextMigrationScenarios.class.getResourceAsStream("/upgrade/previous-release.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.startsWith("baseline-version "))
                    .map(l -> MigrationVersion.fromVersion(
                            l.substring("baseline-version ".length()).strip()))
                    .filter(v -> v.compareTo(ENCRYPTED) < 0)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the previous release already encrypts: "
                            + "write the plain-text rows with the schema before version " + ENCRYPTED));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String folder() {
        return dialect() == Dialect.SQLITE ? "sqlite" : "postgresql";
    }

    private ConfigurableApplicationContext start() {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + freePort(),
                "--server.address=127.0.0.1",
                "--carechat.data-dir=" + dataDir,
                "--carechat.master-key-file=" + dataDir.resolve("master-key.json")));
        args.addAll(ServerLog.arguments(dataDir.resolve(LOG)));
        args.addAll(storage());
        return new SpringApplication(CareChatApplication.class).run(args.toArray(String[]::new));
    }

    private static List<String> canaries(
            IdentifyingDataAtRestScenarios.Canary jane, IdentifyingDataAtRestScenarios.Canary john, String topic) {
        List<String> canaries = new ArrayList<>(jane.forms());
        canaries.addAll(john.forms());
        canaries.add(topic.split(" ")[1]);
        return canaries;
    }

    private static List<String> ids(List<Patient> found) {
        return found.stream().map(Patient::id).toList();
    }

    static Path tempDir() {
        try {
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            return Files.createTempDirectory(target, "carechat-upgrade-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
