package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.org.Organisation;
import org.carechat.patient.NewPatient;
import org.carechat.patient.Patient;
import org.carechat.retention.RetentionPurge;
import org.carechat.testing.Patients;
import org.carechat.testing.Response;
import org.carechat.testing.Smsc;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The patient app in Chromium: a patient registers with the mobile number in their record, receives the code through
 * the in-process SMS centre, signs in, reads and replies; the nurse sees "Read by" the patient and the reply live; a
 * 1-way conversation has no reply box, and the API refuses a forced reply.
 */
class PatientBrowserTest extends BrowserTest {

    @Autowired
    RetentionPurge purge;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPatientRegistersByCodeReadsAndRepliesWhileTheNurseSeesTheReceiptAndTheReplyLive() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person nurse = person(org, Role.NURSE, "Nina Nurse");
        String practice = "Riverside Surgery " + org.id().substring(0, 4); // the README's screenshots show it
        Response named = call(admin.staff(), "PATCH", "/api/v1/orgs/current", Map.of("name", practice));
        assertThat(named.status()).as(named.text()).isEqualTo(200);
        String mobile = "+447400123456"; // the README's screenshots show it: the usual example number, no one's own
        Patient rita = patientReachedAt(admin, "MRN-8801", "Register", mobile);
        String results = conversation(nurse, "Your blood test", rita);
        send(nurse, results, "Your blood test is normal. No need to do anything.");
        String notices = conversation(nurse, "Clinic news", rita, false);
        send(nurse, notices, "The clinic is closed on Friday.");

        Browser patient = bobsBrowser;
        patient.phone();
        patient.open(base() + "/patient/");
        patient.type(By.id("contact"), mobile);
        typeBirthDate(patient, "1956-04-12");
        Screenshots.save(patient, "patient-sign-in");
        assertAccessible(patient, "the patient sign-in");
        patient.click(By.cssSelector("form button[type=submit]"));
        patient.waitForText(By.cssSelector(".notice"), "If these details match a patient record");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !Smsc.shared().to(mobile).isEmpty());
        Matcher code = Pattern.compile("(\\d{6})")
                .matcher(Smsc.shared().to(mobile).getLast().text());
        assertThat(code.find()).isTrue();
        patient.type(By.id("code"), code.group(1));
        patient.click(By.cssSelector("form button[type=submit]"));

        patient.waitForText(By.cssSelector(".connection"), "Up to date");
        patient.waitForText(By.cssSelector("li.conv[data-id='" + results + "'] .conv-open"), "Your blood test");
        patient.waitForText(By.cssSelector(".emergency-notice"), "Not for emergencies");
        assertThat(patient.find(By.cssSelector(".practice-name")).getText()).isEqualTo(practice);
        assertThat(patient.find(By.cssSelector("li.conv[data-id='" + results + "'] .unread-count"))
                        .getText())
                .isEqualTo("1 unread");
        Screenshots.save(patient, "patient-list");
        assertAccessible(patient, "the patient's conversation list");

        signIn(alicesBrowser, nurse);
        alicesBrowser.click(LiveChatBrowserTest.row(results));
        alicesBrowser.waitForText(By.cssSelector(".msg.own .msg-body"), "Your blood test is normal");

        patient.click(By.cssSelector("li.conv[data-id='" + results + "'] .conv-open"));
        WebElement received = patient.waitForText(By.cssSelector(".msg.other"), "Your blood test is normal");
        assertThat(received.findElement(By.cssSelector(".msg-sender")).getText())
                .isEqualTo("Nina Nurse");
        WebElement read = alicesBrowser.until(d -> d.findElements(By.cssSelector(".msg.own .receipt.read")).stream()
                .findFirst()
                .orElse(null));
        assertThat(read.getAttribute("title")).isEqualTo("Read by Rita Register");

        patient.type(By.id("message-input"), "Thank you, that is a relief");
        patient.pressEnter(By.id("message-input"));
        WebElement reply = alicesBrowser.waitForText(By.cssSelector(".msg.other .msg-body"), "that is a relief");
        assertThat(reply.findElement(By.xpath("../p[contains(@class,'msg-sender')]"))
                        .getText())
                .as("the patient's name, marked as a patient's message")
                .isEqualTo("Rita Register Patient");
        patient.waitForText(By.cssSelector(".msg.own .msg-body"), "that is a relief");
        Screenshots.save(patient, "patient-thread");
        assertAccessible(patient, "a patient's conversation");

        // A 1-way conversation: no reply box, a one-line note, and the API refuses a forced reply.
        patient.open(base() + "/patient/#/c/" + notices);
        patient.waitForText(By.cssSelector(".msg.other .msg-body"), "The clinic is closed on Friday.");
        assertThat(patient.find(By.cssSelector(".one-way-note")).getText()).contains("not answer it");
        assertThat(patient.all(By.id("message-input"))).isEmpty();
        Screenshots.save(patient, "patient-one-way");
        User account = users.findPatientAccount(org.id(), rita.id()).orElseThrow();
        Staff asPatient =
                new Staff(account, tokens.issueDeviceToken(account, "forced").secret());
        Response forced = post(
                asPatient,
                "/api/v1/conversations/" + notices + "/messages",
                Map.of("clientMsgId", "forced-1", "body", "Replying anyway"));
        assertThat(forced.status()).isEqualTo(403);

        // Back to the list, and sign out.
        patient.click(By.cssSelector(".thread-header .back"));
        patient.click(By.cssSelector(".account summary"));
        patient.click(By.cssSelector("button.sign-out"));
        patient.waitForText(By.cssSelector(".notice"), "You have signed out.");
    }

    @Test
    void theExpectedReplyTimeAnAdminSetsInTheConsoleShowsBesideTheEmergencyLineInThePatientApp() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        String mobile = Patients.mobile();
        patientReachedAt(admin, "MRN-8809", "Reply", mobile);
        signIn(alicesBrowser, admin);
        alicesBrowser.open(base() + "/#/console/settings");
        alicesBrowser.type(By.id("org-expected-reply"), "We usually reply within 2 working days.");
        alicesBrowser.click(By.cssSelector("#settings-practice form button[type=submit]"));
        alicesBrowser.waitForText(By.cssSelector("#settings-practice .console-status"), "Saved.");
        alicesBrowser.phone();
        assertAccessible(alicesBrowser, "the practice settings with the expected reply time at 390×844");

        Browser patient = bobsBrowser;
        signInByCode(patient, mobile, "1956-04-12");
        patient.waitForText(By.cssSelector(".expected-reply"), "We usually reply within 2 working days.");
        assertThat(patient.find(By.cssSelector(".emergency-notice")).getText()).startsWith("Not for emergencies");
        assertAccessible(patient, "the patient's list with the expected reply time");
        patient.phone();
        assertAccessible(patient, "the patient's list with the expected reply time at 390×844");
    }

    private static final String OPTIONS_READ = "return performance.getEntriesByType('resource')"
            + ".some(e => e.name.endsWith('/api/v1/public/patient-sign-in'));";

    @Test
    void iHaveAPasswordIsOfferedOnlyWhereAnOrganisationHasPatientsSignInByPassword() throws Exception {
        jdbc.sql("UPDATE organisation SET patient_sign_in = 'code'").update(); // this server: codes only
        Browser patient = bobsBrowser;
        patient.open(base() + "/patient/");
        patient.find(By.id("contact"));
        patient.until(d -> Boolean.TRUE.equals(patient.script(OPTIONS_READ)));
        Thread.sleep(300); // the answer applied after it arrived
        assertThat(patient.all(By.cssSelector("button.password-instead")))
                .as("not offered where no organisation uses passwords")
                .noneMatch(WebElement::isDisplayed);
        assertAccessible(patient, "the patient sign-in without passwords");

        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        call(admin.staff(), "PATCH", "/api/v1/orgs/current", Map.of("patientSignIn", "password"));
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                patient.phone();
            }
            patient.open(base() + "/patient/");
            patient.click(By.cssSelector("button.password-instead"));
            patient.waitForText(By.cssSelector("h1"), "Sign in with your password");
            assertThat(patient.find(By.id("password")).getAttribute("autocomplete"))
                    .isEqualTo("current-password");
            assertAccessible(patient, "the patient password sign-in" + (phone ? " at 390×844" : ""));
        }
    }

    @Test
    void theDateOfBirthIsThreeBoxesAndADateThatDoesNotExistIsRefusedInPlainWordsBeforeAnythingIsSent() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        String mobile = Patients.mobile();
        patientReachedAt(admin, "MRN-8803", "Boxes", mobile);
        Browser patient = bobsBrowser;
        for (boolean phone : new boolean[] {false, true}) {
            if (phone) {
                patient.phone();
            }
            patient.open(base() + "/patient/");
            assertThat(patient.find(By.cssSelector("fieldset.birth-date legend"))
                            .getText())
                    .isEqualTo("Date of birth");
            assertThat(patient.find(By.id("birth-day")).getAttribute("inputmode"))
                    .isEqualTo("numeric");
            patient.type(By.id("contact"), mobile);
            typeBirthDate(patient, "1956-02-31");
            patient.click(By.cssSelector("form button[type=submit]"));
            patient.waitForText(
                    By.cssSelector("form .error"),
                    "Enter your date of birth as day, month and year in numbers, for example 12 4 1956.");
            Screenshots.save(patient, (phone ? "mobile" : "desktop") + "-patient-birth-date");
            assertAccessible(patient, "the patient sign-in with a refused date of birth");
        }
        assertThat(Smsc.shared().to(mobile)).as("no code was sent").isEmpty();
        typeBirthDate(patient, "1956-04-12");
        patient.click(By.cssSelector("form button[type=submit]"));
        patient.find(By.id("code"));
    }

    /**
     * The list follows the timeline from live frames, as the staff app's does: a new message raises the row's unread
     * count and preview, and reading it on another device clears it, without reading the inbox again.
     */
    @Test
    void aPatientsListFollowsNewMessagesAndReadsElsewhereLiveWithoutReadingTheInboxAgain() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person nurse = person(org, Role.NURSE, "Nina Nurse");
        String mobile = Patients.mobile();
        Patient rita = patientReachedAt(admin, "MRN-8802", "Live", mobile);
        String results = conversation(nurse, "Your results", rita);
        send(nurse, results, "Your results are in.");
        Browser patient = bobsBrowser;
        patient.phone();
        signInByCode(patient, mobile, "1956-04-12");
        String row = "li.conv[data-id='" + results + "']";
        patient.waitForText(By.cssSelector(row + " .unread-count"), "1 unread");
        long inboxReads = inboxReads(patient);

        long second = send(nurse, results, "Please book a follow-up.");
        patient.waitForText(By.cssSelector(row + " .unread-count"), "2 unread");
        assertThat(patient.find(By.cssSelector(row + " .conv-preview")).getText())
                .isEqualTo("Nina Nurse: Please book a follow-up.");
        patient.until(d -> d.getTitle().equals("(2) CareChat"));

        User account = users.findPatientAccount(org.id(), rita.id()).orElseThrow();
        Staff otherPhone = new Staff(
                account, tokens.issueDeviceToken(account, "other phone").secret());
        assertThat(post(otherPhone, "/api/v1/conversations/" + results + "/read", Map.of("upTo", second))
                        .status())
                .isLessThan(300);
        patient.waitUntilGone(By.cssSelector(row + " .unread-count"));
        patient.until(d -> d.getTitle().equals("CareChat"));
        assertThat(inboxReads(patient))
                .as("reads of the inbox since the list was first shown")
                .isEqualTo(inboxReads);
    }

    @Test
    void aPatientsOpenConversationShowsTheTombstoneAndNoTextOnceRetentionPurgesIt() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person nurse = person(org, Role.NURSE, "Nina Nurse");
        String mobile = Patients.mobile();
        Patient rita = patientReachedAt(admin, "MRN-8803", "Purged", mobile);
        String results = conversation(nurse, "Your x-ray", rita);
        send(nurse, results, "Your x-ray shows no fracture.");

        Browser patient = bobsBrowser;
        signInByCode(patient, mobile, "1956-04-12");
        patient.open(base() + "/patient/#/c/" + results);
        patient.waitForText(By.cssSelector(".msg.other .msg-body"), "no fracture");

        // An old conversation: its last activity past the default 365 days for patient conversations.
        jdbc.sql("UPDATE conversation SET last_activity_at = last_activity_at - ? WHERE id = ?")
                .params(Duration.ofDays(366).toMillis(), results)
                .update();
        purge.run();

        patient.waitForText(By.cssSelector("li.system"), "Messages purged on");
        patient.until(d -> d.findElements(By.cssSelector(".msg-body")).isEmpty());
        assertThat(patient.find(By.cssSelector("li.system:last-child")).getText())
                .contains("by the organisation's retention policy");
    }

    @Test
    void aPatientRepliesToAMessageAndBothAppsShowTheQuote() {
        Organisation org = newOrg();
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        Person nurse = person(org, Role.NURSE, "Nina Nurse");
        String mobile = Patients.mobile();
        Patient rita = patientReachedAt(admin, "MRN-8804", "Quote", mobile);
        String results = conversation(nurse, "Your appointment", rita);
        send(nurse, results, "Can you come on Tuesday at 10?");
        Browser patient = bobsBrowser;
        patient.phone();
        signInByCode(patient, mobile, "1956-04-12");
        patient.open(base() + "/patient/#/c/" + results);
        WebElement asked = patient.waitForText(By.cssSelector(".msg.other"), "Tuesday at 10");
        asked.findElement(By.cssSelector("button.reply")).click();
        assertThat(patient.find(By.cssSelector(".replying")).getText()).contains("Replying to Nina Nurse");
        patient.find(By.id("message-input")).sendKeys("Yes, that works");
        patient.pressEnter(By.id("message-input"));
        WebElement mine = patient.waitForText(By.cssSelector(".msg.own:not(.pending)"), "that works");
        assertThat(mine.findElement(By.cssSelector(".quote")).getText()).contains("Nina Nurse", "Tuesday at 10");
        assertAccessible(patient, "a patient's reply");

        signIn(alicesBrowser, nurse);
        alicesBrowser.click(LiveChatBrowserTest.row(results));
        WebElement answer = alicesBrowser.waitForText(By.cssSelector(".msg.other"), "that works");
        assertThat(answer.findElement(By.cssSelector(".quote")).getText()).contains("Tuesday at 10");
    }

    /** Rita, born 1956-04-12, whose record has {@code mobile} (in national form, as a practice types it). */
    private Patient patientReachedAt(Person admin, String mrn, String family, String mobile) {
        return patients.create(
                asCurrent(admin.staff()),
                new NewPatient(mrn, "Rita", family, "1956-04-12", mobile.replace("+44", "0"), null));
    }

    private void signInByCode(Browser browser, String mobile, String birthDate) {
        browser.open(base() + "/patient/");
        browser.type(By.id("contact"), mobile);
        typeBirthDate(browser, birthDate);
        browser.click(By.cssSelector("form button[type=submit]"));
        browser.find(By.id("code"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !Smsc.shared().to(mobile).isEmpty());
        Matcher code = Pattern.compile("(\\d{6})")
                .matcher(Smsc.shared().to(mobile).getLast().text());
        assertThat(code.find()).isTrue();
        browser.type(By.id("code"), code.group(1));
        browser.click(By.cssSelector("form button[type=submit]"));
        browser.waitForText(By.cssSelector(".connection"), "Up to date");
    }

    /** How often this page has requested GET /api/v1/inbox. */
    private static long inboxReads(Browser browser) {
        return (Long) browser.script("return performance.getEntriesByType('resource')"
                + ".filter(e => new URL(e.name).pathname === '/api/v1/inbox').length");
    }
}
