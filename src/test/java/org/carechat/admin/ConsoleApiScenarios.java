package org.carechat.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.BrowserSession;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The admin console's own routes (issue #18) over the API, on both databases. */
abstract class ConsoleApiScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff admin;
    Staff nurse;

    @BeforeEach
    void setUp() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        nurse = newStaff(org, Role.NURSE, "Nina Nurse");
    }

    Response csv(Staff as, String path, String text) {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + as.token())
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(text))
                .build());
    }

    @Test
    void theStaffDirectoryShowsLastSignInAndSecondFactorToAdminsOnly() {
        String username = newUserWithPassword(org, PASSWORD, false);
        assertThat(login(username, PASSWORD).response().status()).isEqualTo(200);
        Response directory = get(admin, "/api/v1/admin/staff?q=" + username);
        assertThat(directory.status()).isEqualTo(200);
        assertThat(directory.json()).hasSize(1);
        assertThat(directory.json().get(0).get("lastSignInAt").isNumber()).isTrue();
        assertThat(directory.json().get(0).get("secondFactor").asBoolean()).isFalse();
        Response never = get(admin, "/api/v1/admin/staff?q=nina");
        assertThat(never.json().get(0).path("lastSignInAt").isNumber())
                .as("never signed in")
                .isFalse();
        assertThat(get(nurse, "/api/v1/admin/staff").status()).isEqualTo(403);
    }

    @Test
    void anAdminsPasswordResetGivesAOneTimePasswordThatSignsInOnceToChooseANewOneAndEndsTheSessions() {
        String username = newUserWithPassword(org, PASSWORD, false);
        BrowserSession before = login(username, PASSWORD);
        String id = before.response().json().get("user").get("id").asString();
        Response reset = post(admin, "/api/v1/admin/staff/" + id + "/password-reset", null);
        assertThat(reset.status()).isEqualTo(200);
        String oneTime = reset.string("oneTimePassword");
        assertThat(withCookie(before, "GET", "/api/v1/auth/me", null, false).status())
                .as("the old session ended")
                .isEqualTo(401);
        assertThat(login(username, PASSWORD).response().status()).isEqualTo(401);
        BrowserSession fresh = login(username, oneTime);
        assertThat(fresh.response().json().get("mustChangePassword").asBoolean())
                .isTrue();
        assertThat(post(nurse, "/api/v1/admin/staff/" + id + "/password-reset", null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void correctingAPatientRecordChecksItLikeANewOneAndStoresNothingWhenRefused() {
        Patient p = patientRecord(org, "Olive", "Oakley", "1950-01-02", "+447412900301", null);
        Patient other = patientRecord(org, "Percy", "Pine", "1950-02-03", null, null);
        Map<String, Object> fixed =
                Map.of("mrn", p.mrn(), "givenName", "Olive", "familyName", "Oakley-Smith", "birthDate", "1950-01-02");
        Response saved = call(admin, "PUT", "/api/v1/patients/" + p.id(), fixed);
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.string("familyName")).isEqualTo("Oakley-Smith");
        assertThat(saved.json().path("mobile").isString())
                .as("every field is replaced")
                .isFalse();
        Response taken = call(
                admin,
                "PUT",
                "/api/v1/patients/" + p.id(),
                Map.of("mrn", other.mrn(), "givenName", "O", "familyName", "O", "birthDate", "1950-01-02"));
        assertThat(taken.status()).isEqualTo(409);
        Response bad = call(
                admin,
                "PUT",
                "/api/v1/patients/" + p.id(),
                Map.of("mrn", p.mrn(), "givenName", "Olive", "familyName", "X", "birthDate", "1950-02-31"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.string("detail")).isEqualTo("birth_date is not a real date");
        assertThat(patientRecords.require(org.id(), p.id()).familyName()).isEqualTo("Oakley-Smith");
        assertThat(call(nurse, "PUT", "/api/v1/patients/" + p.id(), fixed).status())
                .isEqualTo(403);
    }

    @Test
    void patientSearchFindsARecordByItsWholeMobileNumberOrEmailAddress() {
        Patient p = patientRecord(org, "Olive", "Oakley", "1950-01-02", "+447412900302", "olive@example.org");
        assertThat(post(nurse, "/api/v1/patients/search", Map.of("q", "+44 7412 900302"))
                        .json()
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(p.id());
        assertThat(post(nurse, "/api/v1/patients/search", Map.of("q", "OLIVE@example.org"))
                        .json())
                .hasSize(1);
    }

    @Test
    void theImportCheckNamesEveryBadLineBeyondTheImportsTwentyAndWritesNothing() {
        StringBuilder file = new StringBuilder("mrn,given_name,family_name,birth_date\n");
        for (int i = 0; i < 25; i++) {
            file.append("BAD-").append(i).append(",,Nameless,1950-01-01\n");
        }
        file.append("GOOD-1,Gail,Good,1950-01-01\n");
        Response check = csv(admin, "/api/v1/patients/import/check", file.toString());
        assertThat(check.status()).isEqualTo(200);
        assertThat(check.json().get("rows").asInt()).isEqualTo(26);
        assertThat(check.json().get("problems")).hasSize(25);
        assertThat(check.json().get("problems").get(24).get("line").asInt()).isEqualTo(26);
        assertThat(check.json().get("problems").get(0).get("problem").asString())
                .isEqualTo("given_name must not be blank");
        assertThat(patientRecords.search(asCurrent(admin), "GOOD-1")).isEmpty();
        Response good = csv(
                admin,
                "/api/v1/patients/import/check",
                "mrn,given_name,family_name,birth_date\n" + "GOOD-2,Gail,Good,1950-01-01\n");
        assertThat(good.json().get("problems")).isEmpty();
        assertThat(patientRecords.search(asCurrent(admin), "GOOD-2"))
                .as("a check writes nothing")
                .isEmpty();
        assertThat(csv(nurse, "/api/v1/patients/import/check", "mrn\n").status())
                .isEqualTo(403);
    }

    @Test
    void aPatientsAccountShowsWhetherTheyRegisteredAndAnotherOrganisationsPatientIsNotFound() {
        Patient p = patientRecord(org, "Olive", "Oakley", "1950-01-02", null, "olive@example.org");
        Response before = get(admin, "/api/v1/admin/patients/" + p.id() + "/account");
        assertThat(before.json().get("registered").asBoolean()).isFalse();
        patientAccount(p);
        Response after = get(admin, "/api/v1/admin/patients/" + p.id() + "/account");
        assertThat(after.json().get("registered").asBoolean()).isTrue();
        assertThat(after.json().get("notices")).isEmpty();
        Patient elsewhere = patientRecord(newOrg(), "Far", "Away", "1950-01-02", null, null);
        assertThat(get(admin, "/api/v1/admin/patients/" + elsewhere.id() + "/account")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theFiguresCountEveryConversationOfTheOrganisationNotOnlyTheAdmins() {
        Staff clinician = newStaff(org, Role.CLINICIAN, "Cara Clinician");
        String c = group(clinician, nurse);
        sendText(clinician, c, "one");
        sendText(clinician, c, "two");
        Patient p = patientRecord(org, "Olive", "Oakley", "1950-01-02", null, null);
        patientAccount(p);
        Response figures = get(admin, "/api/v1/admin/figures");
        assertThat(figures.json().get("conversations").asLong()).isEqualTo(1);
        assertThat(figures.json().get("messages").asLong()).isEqualTo(2);
        assertThat(figures.json().get("unread").asLong()).isEqualTo(2);
        assertThat(figures.json().get("patients").asLong()).isEqualTo(1);
        assertThat(figures.json().get("registeredPatients").asLong()).isEqualTo(1);
        assertThat(figures.json().get("noticesSent").asLong()).isZero();
        assertThat(get(nurse, "/api/v1/admin/figures").status()).isEqualTo(403);
    }

    @Test
    void thePracticesNameAndEmergencySentenceAreSetByAdminsAndShownToItsPatients() {
        String name = "Renamed " + org.id();
        Response changed = call(
                admin,
                "PATCH",
                "/api/v1/orgs/current",
                Map.of("name", name, "emergencyNotice", "Not for emergencies: call 999."));
        assertThat(changed.status()).isEqualTo(200);
        Staff patient = patientAccount(patientRecord(org, "Olive", "Oakley", "1950-01-02", null, null));
        Response profile = get(patient, "/api/v1/orgs/current/profile");
        assertThat(profile.string("name")).isEqualTo(name);
        assertThat(profile.string("emergencyNotice")).isEqualTo("Not for emergencies: call 999.");
        Organisation other = newOrg();
        assertThat(call(admin, "PATCH", "/api/v1/orgs/current", Map.of("name", other.name()))
                        .status())
                .isEqualTo(409);
        call(admin, "PATCH", "/api/v1/orgs/current", Map.of("emergencyNotice", " "));
        assertThat(get(patient, "/api/v1/orgs/current/profile").string("emergencyNotice"))
                .startsWith("Not for emergencies: messages may not be read at once.");
        assertThat(get(patient, "/api/v1/orgs/current").status()).isEqualTo(403);
    }

    @Test
    void theExpectedReplyTimeIsSetByAdminsAuditedShownToPatientsAndRefusedWhenItIsNotOneSentence() {
        Staff patient = patientAccount(patientRecord(org, "Rhea", "Reply", "1951-02-03", null, null));
        assertThat(get(patient, "/api/v1/orgs/current/profile").json().has("expectedReply"))
                .as("not said until the practice says it")
                .isFalse();
        Response set = call(
                admin, "PATCH", "/api/v1/orgs/current", Map.of("expectedReply", " We usually reply within 2 days. "));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.string("expectedReply")).isEqualTo("We usually reply within 2 days.");
        assertThat(get(patient, "/api/v1/orgs/current/profile").string("expectedReply"))
                .isEqualTo("We usually reply within 2 days.");
        assertThat(audited("expected_reply")).isEqualTo(1);

        for (String bad : List.of("Within 2 days.\nOr 3.", "x".repeat(201))) {
            Response refused = call(admin, "PATCH", "/api/v1/orgs/current", Map.of("expectedReply", bad));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.string("detail")).contains("expectedReply");
        }
        assertThat(get(patient, "/api/v1/orgs/current/profile").string("expectedReply"))
                .as("a refusal stores nothing")
                .isEqualTo("We usually reply within 2 days.");
        assertThat(call(nurse, "PATCH", "/api/v1/orgs/current", Map.of("expectedReply", "Soon."))
                        .status())
                .isEqualTo(403);

        call(admin, "PATCH", "/api/v1/orgs/current", Map.of("expectedReply", " "));
        assertThat(get(patient, "/api/v1/orgs/current/profile").json().has("expectedReply"))
                .isFalse();
        assertThat(audited("expected_reply_removed")).isEqualTo(1);
    }

    private long audited(String change) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'SETTINGS_CHANGED' AND org_id = ? "
                        + "AND details LIKE ?")
                .params(org.id(), "%\"" + change + "\"%")
                .query(Long.class)
                .single();
    }

    @Test
    void anOrganisationsLowerFileSizeIsEnforcedOnTheNextUpload() {
        Response narrowed = call(
                admin,
                "PUT",
                "/api/v1/orgs/current/attachment-types",
                Map.of("allowedTypes", java.util.List.of("application/pdf"), "maxFileBytes", 100));
        assertThat(narrowed.json().get("maxFileBytes").asLong()).isEqualTo(100);
        String c = group(admin, nurse);
        Response upload = send(HttpRequest.newBuilder(URI.create(url("/api/v1/conversations/" + c + "/attachments")))
                .header("Authorization", "Bearer " + admin.token())
                .header("X-File-Name", "big.pdf")
                .POST(HttpRequest.BodyPublishers.ofString("%PDF-1.4\n" + "x".repeat(200)))
                .build());
        assertThat(upload.status()).isEqualTo(413);
        assertThat(upload.string("detail")).contains("100 bytes");
        Response tooBig = call(
                admin,
                "PUT",
                "/api/v1/orgs/current/attachment-types",
                Map.of("allowedTypes", java.util.List.of("application/pdf"), "maxFileBytes", Long.MAX_VALUE));
        assertThat(tooBig.status()).isEqualTo(400);
    }

    @Test
    void preferencesAndTheUrgentMobileAreTheCallersOwnAndTheSystemPageNamesTheDatabase() {
        assertThat(get(nurse, "/api/v1/account/preferences")
                        .json()
                        .get("urgentSms")
                        .asBoolean())
                .isTrue();
        call(nurse, "PUT", "/api/v1/account/preferences", Map.of("messageAlerts", true, "urgentSms", false));
        assertThat(get(nurse, "/api/v1/account/preferences")
                        .json()
                        .get("urgentSms")
                        .asBoolean())
                .isFalse();
        assertThat(get(admin, "/api/v1/account/preferences")
                        .json()
                        .get("urgentSms")
                        .asBoolean())
                .isTrue();
        call(nurse, "PUT", "/api/v1/urgent/mobile", Map.of("mobile", "+447412000009"));
        assertThat(get(nurse, "/api/v1/urgent/mobile").string("mobile")).isEqualTo("+447412000009");
        assertThat(get(admin, "/api/v1/urgent/mobile").json().path("mobile").isString())
                .isFalse();
        Response system = get(admin, "/api/v1/admin/system");
        assertThat(system.json().get("database").get("schema").asString()).isEqualTo(newestMigration());
        assertThat(system.json().get("channels")).hasSize(2);
        assertThat(get(admin, "/api/v1/urgent/settings")
                        .json()
                        .get("escalateAfterMinutes")
                        .asInt())
                .isEqualTo(10);
        assertThat(get(nurse, "/api/v1/urgent/settings").status()).isEqualTo(403);
    }

    /** The version of the newest SQL migration shipped (the Java data migrations sit between them). */
    static String newestMigration() {
        try {
            Resource[] files =
                    new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/**/V*__*.sql");
            return Integer.toString(Arrays.stream(files)
                    .map(Resource::getFilename)
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max()
                    .orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aDuplicateRecordIsLinkedToTheAccountItsPatientHasAndTheAccountJoinsItsConversations() {
        Patient first = patientRecord(org, "Olive", "Oakley", "1950-01-02", null, "olive@example.org");
        Staff olive = patientAccount(first);
        Patient duplicate = patientRecord(org, "Olive", "Oakley", "1950-01-02", null, null);
        Patient stranger = patientRecord(org, "Sam", "Stranger", "1960-06-06", null, null);
        String aboutDuplicate = conversations
                .create(
                        asCurrent(nurse),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.PATIENT,
                                "Results",
                                duplicate.id(),
                                true,
                                java.util.List.of(),
                                null))
                .id();
        String account = olive.id();
        Response wrongPerson =
                post(admin, "/api/v1/admin/patients/" + stranger.id() + "/account", Map.of("accountId", account));
        assertThat(wrongPerson.status()).isEqualTo(400);
        assertThat(wrongPerson.string("detail")).startsWith("The two records have different dates of birth");
        assertThat(get(olive, "/api/v1/conversations/" + aboutDuplicate).status())
                .isEqualTo(404);

        Response linked =
                post(admin, "/api/v1/admin/patients/" + duplicate.id() + "/account", Map.of("accountId", account));
        assertThat(linked.status()).isEqualTo(200);
        assertThat(linked.json().get("registered").asBoolean()).isTrue();
        assertThat(linked.string("accountId")).isEqualTo(account);
        assertThat(get(admin, "/api/v1/admin/patients/" + first.id() + "/account")
                        .json()
                        .get("registered")
                        .asBoolean())
                .isFalse();
        assertThat(get(olive, "/api/v1/conversations/" + aboutDuplicate).status())
                .as("the account joined the record's conversation")
                .isEqualTo(200);
        assertThat(post(admin, "/api/v1/admin/patients/" + duplicate.id() + "/account", Map.of("accountId", account))
                        .status())
                .as("linking again changes nothing")
                .isEqualTo(200);
        assertThat(post(nurse, "/api/v1/admin/patients/" + first.id() + "/account", Map.of("accountId", account))
                        .status())
                .isEqualTo(403);
    }
}
