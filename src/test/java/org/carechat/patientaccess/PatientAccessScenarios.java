package org.carechat.patientaccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.BrowserSession;
import org.carechat.testing.Mailbox;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Parallel;
import org.carechat.testing.Patients;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Smsc;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Patients register and sign in with a one-time code sent to the contact in their record, through the real SMS
 * centre and SMTP server in the test JVM; answers never tell whether a record exists.
 */
@Timeout(120)
abstract class PatientAccessScenarios extends ServerTest {

    static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    Response askForCode(String contact, String birthDate) {
        return post(null, "/api/v1/patient-access/codes", Map.of("contact", contact, "birthDate", birthDate));
    }

    Response signIn(String request, String code) {
        return post(null, "/api/v1/patient-access/sign-in", Map.of("request", request, "code", code));
    }

    static String codeIn(String text) {
        Matcher m = CODE.matcher(text);
        assertThat(m.find()).as("a 6-digit code in: " + text).isTrue();
        return m.group(1);
    }

    String smsCode(String mobile) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !Smsc.shared().to(mobile).isEmpty());
        return codeIn(Smsc.shared().to(mobile).getLast().text());
    }

    @Test
    void aDeviceTokenAPatientMintsWithTheirPasswordStopsWorkingAfterThirtyDaysHoweverOftenItIsUsed() {
        Organisation org = newOrg();
        Patient record = patientRecord(org, "Toby", "Token", "1975-07-08", Patients.mobile(), null);
        Staff patient = patientAccount(record);
        assertThat(post(patient, "/api/v1/patient-access/password", Map.of("newPassword", "a patient's own passphrase"))
                        .status())
                .isEqualTo(204);
        Response minted = post(
                null,
                "/api/v1/auth/token",
                Map.of(
                        "username", patient.user().username(),
                        "password", "a patient's own passphrase",
                        "deviceName", "a script"));
        assertThat(minted.status()).as(minted.text()).isEqualTo(200);
        Staff device = new Staff(patient.user(), minted.json().get("token").asString());

        for (int week = 1; week <= 4; week++) {
            clock.advance(Duration.ofDays(7));
            assertThat(get(device, "/api/v1/auth/me").status())
                    .as("used in week %d", week)
                    .isEqualTo(200);
        }
        clock.advance(Duration.ofDays(3));
        assertThat(get(device, "/api/v1/auth/me").status()).as("after 30 days").isEqualTo(401);
    }

    @Test
    void fortyParallelWrongCodesAreAtMostFiveComparedAndTheRightCodeAfterwardsIsRefused() {
        Organisation org = newOrg();
        String mobile = Patients.mobile();
        patientRecord(org, "Paula", "Parallel", "1980-02-03", mobile, null);
        String request = askForCode(mobile, "1980-02-03").string("request");
        String code = smsCode(mobile);
        String wrong = code.equals("000000") ? "111111" : "000000";

        List<Response> answers = Parallel.run(40, i -> signIn(request, wrong));

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).isIn(401, 429));
        assertThat(answers.stream().filter(r -> r.status() == 401).count())
                .as("wrong codes compared")
                .isEqualTo(5);
        assertThat(signIn(request, code).status())
                .as("the right code once the tries are used up")
                .isEqualTo(429);
    }

    @Test
    void aPatientRegistersWithTheMobileInTheirRecordAndTheCodeBySmsMakesTheirAccountInTheirConversation() {
        Organisation org = newOrg();
        Staff nurse = newStaff(org, Role.NURSE, "Nina Nurse");
        String mobile = Patients.mobile();
        Patient record = patientRecord(org, "Rita", "Register", "1970-05-06", mobile.replace("+44", "0"), null);
        String c = conversations
                .create(
                        asCurrent(nurse),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.PATIENT,
                                "Your results",
                                record.id(),
                                true,
                                List.of(),
                                null))
                .id();
        sendText(nurse, c, "Your results are back");

        Response asked = askForCode("+44 7412 " + mobile.substring(7), "1970-05-06");
        assertThat(asked.status()).as(asked.text()).isEqualTo(202);
        assertThat(asked.string("channel")).isEqualTo("sms");
        String code = smsCode(mobile);
        assertThat(Smsc.shared().to(mobile).getLast().text()).doesNotContain("Rita", "Register", "results");

        Response signedIn = signIn(asked.string("request"), code);
        assertThat(signedIn.status()).as(signedIn.text()).isEqualTo(200);
        assertThat(signedIn.json().get("user").get("role").asString()).isEqualTo("patient");
        assertThat(signedIn.json().get("user").get("patientId").asString()).isEqualTo(record.id());
        assertThat(signedIn.headers().firstValue("Set-Cookie").orElse(""))
                .startsWith("__Host-carechat_session=cc_")
                .contains("HttpOnly", "Secure", "SameSite=Strict");
        String accountId = signedIn.json().get("user").get("id").asString();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM conversation_member WHERE conversation_id = ? AND user_id = ?")
                        .params(c, accountId)
                        .query(Long.class)
                        .single())
                .as("joined the conversation about them")
                .isEqualTo(1);

        // A later sign-in with a fresh code reaches the same account; a code works once.
        Response again = askForCode(mobile, "1970-05-06");
        String second = smsCode(mobile);
        assertThat(signIn(asked.string("request"), code).status())
                .as("a used code")
                .isEqualTo(401);
        Response later = signIn(again.string("request"), second);
        assertThat(later.json().get("user").get("id").asString()).isEqualTo(accountId);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app_user WHERE patient_id = ?")
                        .param(record.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'PATIENT_REGISTERED' AND patient_id = ?")
                        .param(record.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aPatientWithAnEmailInTheirRecordGetsTheCodeByEmailOverSmtpFromTheirPracticeByName() throws Exception {
        Organisation org = newOrg();
        String email = Patients.email();
        patientRecord(org, "Eve", "Emailer", "1981-11-12", null, email);
        Response asked = askForCode(email.toUpperCase(java.util.Locale.ROOT), "1981-11-12");
        assertThat(asked.status()).as(asked.text()).isEqualTo(202);
        assertThat(asked.string("channel")).isEqualTo("email");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Mailbox.to(email).isEmpty());
        assertThat(Mailbox.to(email).getLast().getSubject())
                .as("the subject names the practice, and nothing of the patient")
                .isEqualTo("Your sign-in code for " + org.name());
        String text = Mailbox.text(Mailbox.to(email).getLast());
        assertThat(text).doesNotContain("Eve", "Emailer");
        assertThat(signIn(asked.string("request"), codeIn(text)).status()).isEqualTo(200);
    }

    @Test
    void noMatchWrongCodeAndTooManyTriesAnswerAlikeRevealNothingAndAreAudited() {
        Organisation org = newOrg();
        String mobile = Patients.mobile();
        patientRecord(org, "Mo", "Match", "1990-01-02", mobile, null);
        String stranger = Patients.mobile();

        Response matched = askForCode(mobile, "1990-01-02");
        Response wrongDate = askForCode(mobile, "1990-01-03");
        Response unknown = askForCode(stranger, "1990-01-02");
        for (Response r : List.of(matched, wrongDate, unknown)) {
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            assertThat(r.string("detail")).isEqualTo(matched.string("detail"));
            assertThat(r.string("channel")).isEqualTo("sms");
            assertThat(r.json().get("expiresInSeconds").asLong()).isEqualTo(600);
            assertThat(r.json().propertyNames())
                    .containsExactlyInAnyOrderElementsOf(matched.json().propertyNames());
        }
        assertThat(matched.string("detail")).contains("If these details match a patient record");
        smsCode(mobile);
        assertThat(Smsc.shared().to(stranger))
                .as("nothing sent to a number no record has")
                .isEmpty();
        assertThat(Smsc.shared().to(mobile)).as("nor for a wrong date of birth").hasSize(1);

        // A wrong code and a request that matched nothing get the same answer.
        Response wrong = signIn(matched.string("request"), "000000");
        Response noRecord = signIn(unknown.string("request"), "123456");
        Response bogus = signIn("pc_not-a-request", "123456");
        for (Response r : List.of(wrong, noRecord, bogus)) {
            assertThat(r.status()).as(r.text()).isEqualTo(401);
            assertThat(r.json().get("detail").asString()).isEqualTo(PatientAccessService.WRONG_CODE);
        }
        // Five tries per code, then no more, for a matched request and a decoy alike.
        for (String request : List.of(matched.string("request"), unknown.string("request"))) {
            for (int i = 0; i < 5; i++) {
                signIn(request, "000000");
            }
            Response spent = signIn(request, "000000");
            assertThat(spent.status()).isEqualTo(429);
            assertThat(spent.json().get("detail").asString()).isEqualTo(PatientAccessService.NO_TRIES_LEFT);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'ONE_TIME_CODE_REQUESTED' AND ip = "
                                + "'127.0.0.1' AND occurred_at >= ?")
                        .param(clock.millis() - 60_000)
                        .query(Long.class)
                        .single())
                .as("every code request audited")
                .isGreaterThanOrEqualTo(3);
        assertThat(jdbc.sql("SELECT details FROM audit_event WHERE type = 'ONE_TIME_CODE_REQUESTED'")
                        .query(String.class)
                        .list())
                .noneMatch(d -> d != null && (d.contains(mobile.substring(3)) || d.contains(stranger.substring(3))));
    }

    @Test
    void aCodeStopsWorkingAfterTenMinutes() {
        Organisation org = newOrg();
        String mobile = Patients.mobile();
        patientRecord(org, "Ted", "Late", "1965-07-08", mobile, null);
        Response asked = askForCode(mobile, "1965-07-08");
        String code = smsCode(mobile);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        Response late = signIn(asked.string("request"), code);
        assertThat(late.status()).isEqualTo(401);
        assertThat(late.json().get("detail").asString()).isEqualTo(PatientAccessService.WRONG_CODE);
    }

    @Test
    void badContactsAndDatesAreRefusedWithASentenceAndAudited() {
        String notMobile = askForCode("12", "1970-01-01").json().get("detail").asString();
        assertThat(notMobile)
                .isEqualTo("That is not a mobile number we can send to; write it with its country code, "
                        + "e.g. +44 7400 123456");
        assertThat(askForCode(notMobile.substring(notMobile.indexOf("e.g. ") + 5), "1970-01-01")
                        .status())
                .as("the example in the message is a number we accept")
                .isEqualTo(202);
        assertThat(askForCode("someone@", "1970-01-01").json().get("detail").asString())
                .isEqualTo("That is not an e-mail address");
        assertThat(askForCode(Patients.mobile(), "1970-02-30")
                        .json()
                        .get("detail")
                        .asString())
                .isEqualTo("That date of birth is not a real date");
        assertThat(askForCode(Patients.mobile(), "01/02/1970")
                        .json()
                        .get("detail")
                        .asString())
                .isEqualTo("Give your date of birth as YYYY-MM-DD");
    }

    /** A browser session from a sign-in answer: its cookie and CSRF token. */
    static BrowserSession session(Response signedIn) {
        return new BrowserSession(
                signedIn.headers().firstValue("Set-Cookie").orElseThrow(),
                signedIn.json().get("csrfToken").asString(),
                signedIn);
    }

    @Test
    void theSignInPageIsToldToOfferPasswordsOnceAnOrganisationUsesThemAndNothingElse() {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        call(admin, "PATCH", "/api/v1/orgs/current", Map.of("patientSignIn", "code"));
        Response before = get(null, "/api/v1/public/patient-sign-in");
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().get("passwords").asBoolean())
                .as("the same as whether any organisation of the server uses passwords")
                .isEqualTo(organisationsWithPatientPasswords() > 0);
        assertThat(before.json().propertyNames()).containsExactly("passwords");

        call(admin, "PATCH", "/api/v1/orgs/current", Map.of("patientSignIn", "password"));
        Response after = get(null, "/api/v1/public/patient-sign-in");
        assertThat(after.json().get("passwords").asBoolean()).isTrue();
        assertThat(after.json().propertyNames())
                .as("names no organisation and no person: nothing to enumerate")
                .containsExactly("passwords");
        call(admin, "PATCH", "/api/v1/orgs/current", Map.of("patientSignIn", "code"));
        assertThat(get(null, "/api/v1/public/patient-sign-in")
                        .json()
                        .get("passwords")
                        .asBoolean())
                .isEqualTo(organisationsWithPatientPasswords() > 0);
    }

    long organisationsWithPatientPasswords() {
        return jdbc.sql("SELECT COUNT(*) FROM organisation WHERE patient_sign_in = 'password'")
                .query(Long.class)
                .single();
    }

    @Test
    void whereTheOrganisationSetsPasswordsAPatientChoosesOneAfterTheCodeAndSignsInWithIt() {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        assertThat(call(admin, "PATCH", "/api/v1/orgs/current", Map.of("patientSignIn", "password"))
                        .json()
                        .get("patientSignIn")
                        .asString())
                .isEqualTo("password");
        String email = Patients.email();
        patientRecord(org, "Paula", "Password", "1977-07-07", null, email);
        Response asked = askForCode(email, "1977-07-07");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Mailbox.to(email).isEmpty());
        Response signedIn = signIn(
                asked.string("request"), codeIn(Mailbox.text(Mailbox.to(email).getLast())));
        assertThat(signedIn.json().get("choosePassword").asBoolean()).isTrue();
        BrowserSession browser = session(signedIn);
        String password = "my own long passphrase";
        assertThat(withCookie(browser, "POST", "/api/v1/patient-access/password", Map.of("newPassword", password), true)
                        .status())
                .isEqualTo(204);

        clock.advance(Duration.ofMinutes(11)); // the code's sign-in is no longer fresh
        Response byPassword = post(
                null,
                "/api/v1/patient-access/password-sign-in",
                Map.of("contact", email, "birthDate", "1977-07-07", "password", password));
        assertThat(byPassword.status()).as(byPassword.text()).isEqualTo(200);
        assertThat(byPassword.json().get("user").get("role").asString()).isEqualTo("patient");

        // Wrong password, wrong date, unknown contact: one answer.
        for (Map<String, Object> wrong : List.<Map<String, Object>>of(
                Map.of("contact", email, "birthDate", "1977-07-07", "password", "not my passphrase at all"),
                Map.of("contact", email, "birthDate", "1977-07-08", "password", password),
                Map.of("contact", Patients.email(), "birthDate", "1977-07-07", "password", password))) {
            Response r = post(null, "/api/v1/patient-access/password-sign-in", wrong);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("detail").asString()).isEqualTo(byPasswordRefusal());
        }
        // Changing it needs a fresh code; after one it works.
        BrowserSession passwordSession = session(byPassword);
        assertThat(withCookie(
                                passwordSession,
                                "POST",
                                "/api/v1/patient-access/password",
                                Map.of("newPassword", "someone else's passphrase"),
                                true)
                        .status())
                .isEqualTo(403);
        Response again = askForCode(email, "1977-07-07");
        await().atMost(Duration.ofSeconds(20)).until(() -> Mailbox.to(email).size() == 2);
        BrowserSession reset = session(signIn(
                again.string("request"), codeIn(Mailbox.text(Mailbox.to(email).getLast()))));
        assertThat(withCookie(
                                reset,
                                "POST",
                                "/api/v1/patient-access/password",
                                Map.of("newPassword", "a new long passphrase"),
                                true)
                        .status())
                .isEqualTo(204);
        // Where the organisation signs patients in by code, a password does not work.
        call(admin, "PATCH", "/api/v1/orgs/current", Map.of("patientSignIn", "code"));
        assertThat(post(
                                null,
                                "/api/v1/patient-access/password-sign-in",
                                Map.of(
                                        "contact",
                                        email,
                                        "birthDate",
                                        "1977-07-07",
                                        "password",
                                        "a new long passphrase"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aPasswordSignInWithADateOrContactThatIsNotOneIsToldWhichAndAudited() {
        String email = Patients.email();
        long dates = refusedPasswordSignIns("invalid_birth_date");
        long contacts = refusedPasswordSignIns("invalid_contact");
        Response notADay = post(
                null,
                "/api/v1/patient-access/password-sign-in",
                Map.of("contact", email, "birthDate", "1970-02-30", "password", "a long passphrase"));
        assertThat(notADay.status()).isEqualTo(400);
        assertThat(notADay.json().get("detail").asString()).isEqualTo("That date of birth is not a real date");
        Response notANumber = post(
                null,
                "/api/v1/patient-access/password-sign-in",
                Map.of("contact", "+44 12", "birthDate", "1970-02-03", "password", "a long passphrase"));
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.json().get("detail").asString()).startsWith("That is not a mobile number");
        assertThat(refusedPasswordSignIns("invalid_birth_date")).isEqualTo(dates + 1);
        assertThat(refusedPasswordSignIns("invalid_contact")).isEqualTo(contacts + 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE details LIKE ?")
                        .param("%" + email + "%")
                        .query(Long.class)
                        .single())
                .as("the contact is never in the audit")
                .isZero();
    }

    long refusedPasswordSignIns(String reason) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'SIGN_IN' AND outcome = 'refused' "
                        + "AND details LIKE '%patient_password%' AND details LIKE ?")
                .param("%" + reason + "%")
                .query(Long.class)
                .single();
    }

    static String byPasswordRefusal() {
        return "These details or the password are not right. You can always sign in with a code instead.";
    }
}
