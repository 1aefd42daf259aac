package org.carechat.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.storage.Dialect;
import org.carechat.system.CareChatProperties;
import org.carechat.testing.LogCapture;
import org.carechat.testing.Patients;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.testing.StoredData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * T-CRY-01 for identifying data: conversation topics and patient records (names, dates of birth, mobiles, e-mail
 * addresses, patient ids) go through every way in — the API, the CSV import, a rename, a patient's registration — and
 * are found by name, patient id and contact; none of it is then in any table, in the database's files (SQLite file and
 * WAL, PostgreSQL's database directory and WAL) or in any log line.
 */
abstract class IdentifyingDataAtRestScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Dialect dialect;

    @Autowired
    CareChatProperties properties;

    /** Canary details of one patient: letters and numbers no other test uses. */
    record Canary(String mrn, String given, String family, String birthDate, String mobile, String email) {

        static Canary make() {
            LocalDate birth = LocalDate.of(
                    1920 + ThreadLocalRandom.current().nextInt(70),
                    1 + ThreadLocalRandom.current().nextInt(12),
                    1 + ThreadLocalRandom.current().nextInt(28));
            return new Canary(
                    "CRY-" + letters(6).toUpperCase(Locale.ROOT),
                    "Zy" + letters(8),
                    "Qu" + letters(9),
                    birth.toString(),
                    Patients.mobile(),
                    Patients.email());
        }

        /** Each detail as it could be stored: as typed, in lower case, the mobile also as a national number. */
        List<String> forms() {
            return List.of(
                    mrn,
                    mrn.toLowerCase(Locale.ROOT),
                    given,
                    given.toLowerCase(Locale.ROOT),
                    family,
                    family.toLowerCase(Locale.ROOT),
                    birthDate,
                    mobile,
                    mobile.replace("+44", "0"),
                    email);
        }

        Map<String, Object> asJson() {
            return Map.of(
                    "mrn",
                    mrn,
                    "givenName",
                    given,
                    "familyName",
                    family,
                    "birthDate",
                    birthDate,
                    "mobile",
                    mobile,
                    "email",
                    email);
        }
    }

    static String letters(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return s.toString();
    }

    @Test
    void topicsAndPatientDetailsAreFoundByNameIdAndContactYetAppearInNoTableFileOrLog() throws IOException {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Staff clinician = newStaff(org, Role.CLINICIAN, "Carl Clinician");
        Canary created = Canary.make();
        Canary imported = Canary.make();
        String topic = "Topicanary " + letters(10);
        String renamed = "Renamecanary " + letters(10);

        LogCapture.assertNoneLogged(() -> {
            Response made = post(admin, "/api/v1/patients", created.asJson());
            assertThat(made.status()).as(made.text()).isEqualTo(201);
            String patientId = made.string("id");
            assertThat(importCsv(admin, imported).status()).isEqualTo(200);

            assertFound(clinician, created.family().substring(0, 6), patientId);
            assertFound(clinician, created.given() + " " + created.family().substring(0, 3), patientId);
            assertFound(clinician, created.mrn().toLowerCase(Locale.ROOT), patientId);
            assertFound(clinician, created.mobile().replace("+44", "0"), patientId);
            assertFound(clinician, created.email().toUpperCase(Locale.ROOT), patientId);
            assertThat(names(post(clinician, "/api/v1/patients/search", Map.of("q", imported.email()))))
                    .containsExactly(imported.family());

            Response conversation = post(
                    clinician,
                    "/api/v1/conversations",
                    Map.of(
                            "kind",
                            "group",
                            "audience",
                            "patient",
                            "topic",
                            topic,
                            "patientId",
                            patientId,
                            "acceptResponses",
                            true,
                            "memberIds",
                            List.of()));
            assertThat(conversation.status()).as(conversation.text()).isEqualTo(201);
            String c = conversation.json().get("conversation").get("id").asString();
            assertThat(call(clinician, "PATCH", "/api/v1/conversations/" + c, Map.of("topic", renamed))
                            .status())
                    .isEqualTo(200);
            Staff patient = patientAccount(patientRecords.require(org.id(), patientId));

            JsonNode details = get(clinician, "/api/v1/conversations/" + c).json();
            assertThat(details.get("conversation").get("topic").asString()).isEqualTo(renamed);
            assertThat(details.get("patient").get("birthDate").asString()).isEqualTo(created.birthDate());
            JsonNode item =
                    get(clinician, "/api/v1/inbox").json().get("conversations").get(0);
            assertThat(item.get("patient").get("name").asString()).isEqualTo(created.given() + " " + created.family());
            assertThat(item.get("patient").get("mrn").asString()).isEqualTo(created.mrn());
            assertThat(get(patient, "/api/v1/conversations").text()).contains(renamed);
            sendText(patient, c, "hello");
            assertThat(get(clinician, "/api/v1/conversations/" + c + "/messages")
                            .text())
                    .contains(created.given() + " " + created.family());

            List<String> canaries = new ArrayList<>(created.forms());
            canaries.addAll(imported.forms());
            canaries.addAll(List.of(topic, renamed, topic.split(" ")[1], renamed.split(" ")[1]));
            return canaries;
        });

        List<String> canaries = new ArrayList<>(created.forms());
        canaries.addAll(imported.forms());
        canaries.addAll(List.of(topic.split(" ")[1], renamed.split(" ")[1]));
        String everyValue = StoredData.everyValueAsText(jdbc, dialect);
        for (String canary : canaries) {
            assertThat(everyValue).as("the tables").doesNotContain(canary);
        }
        for (Path file : StoredData.databaseFiles(jdbc, dialect, properties.dataDir())) {
            String bytes = StoredData.text(file);
            for (String canary : canaries) {
                assertThat(bytes).as(file.toString()).doesNotContain(canary);
            }
        }
    }

    @Test
    void aTopicOrRecordCopiedIntoAnotherRowFailsItsTagAndIsNeverServed() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        String first = group(alice, bob);
        Response second = post(
                alice,
                "/api/v1/conversations",
                Map.of(
                        "kind",
                        "group",
                        "audience",
                        "staff",
                        "topic",
                        "Bed 12 handover",
                        "memberIds",
                        List.of(bob.id())));
        String other = second.json().get("conversation").get("id").asString();
        byte[] sealed = jdbc.sql("SELECT sealed_topic FROM conversation WHERE id = ?")
                .param(other)
                .query(byte[].class)
                .single();
        transactions.write(() -> jdbc.sql("UPDATE conversation SET sealed_topic = ? WHERE id = ?")
                .params(sealed, first)
                .update());

        Response list = get(bob, "/api/v1/conversations");
        assertThat(list.status()).isEqualTo(200);
        JsonNode moved = list.json()
                .valueStream()
                .filter(c -> c.get("id").asString().equals(first))
                .findFirst()
                .orElseThrow();
        assertThat(moved.get("topic")).as("a topic moved to another row").isNull();
        assertThat(list.text()).containsOnlyOnce("Bed 12 handover");

        Patient a = patientRecord(org, "Ann", "Able", "1970-01-01", null, null);
        Patient b = patientRecord(org, "Bea", "Baker", "1980-01-01", null, null);
        transactions.write(() -> jdbc.sql("UPDATE patient SET sealed_details = "
                        + "(SELECT sealed_details FROM patient WHERE id = ?) WHERE id = ?")
                .params(b.id(), a.id())
                .update());
        Response read = get(alice, "/api/v1/patients/" + a.id());
        assertThat(read.status())
                .as("a record moved to another row reads as absent")
                .isEqualTo(404);
        assertThat(read.text()).doesNotContain("Baker");
        Response search = post(alice, "/api/v1/patients/search", Map.of("q", "Able"));
        assertThat(search.status()).as("a search meeting it still answers").isEqualTo(200);
        assertThat(names(search)).as("and leaves it out").isEmpty();
    }

    void assertFound(Staff as, String query, String patientId) {
        Response found = post(as, "/api/v1/patients/search", Map.of("q", query));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().valueStream().map(p -> p.get("id").asString()))
                .as("a search for a part of the record")
                .containsExactly(patientId);
    }

    static List<String> names(Response found) {
        return found.json()
                .valueStream()
                .map(p -> p.get("familyName").asString())
                .toList();
    }

    Response importCsv(Staff admin, Canary p) {
        String csv = "mrn,given_name,family_name,birth_date,mobile,email\n"
                + String.join(",", p.mrn(), p.given(), p.family(), p.birthDate(), p.mobile(), p.email())
                + "\n";
        return send(HttpRequest.newBuilder(URI.create(url("/api/v1/patients/import")))
                .header("Authorization", "Bearer " + admin.token())
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv))
                .build());
    }
}
