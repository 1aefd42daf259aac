package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.org.Organisation;
import org.carechat.patient.NewPatient;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Base of the browser tests: a real server ({@link OnSqliteForBrowsers}), and two Chromium browsers shared by all
 * browser tests of the JVM (starting one takes seconds), reset before each test. Each test makes its own
 * organisation, so tests never see each other's conversations.
 */
@OnSqliteForBrowsers
@Timeout(180)
abstract class BrowserTest extends ServerTest {

    static final String PASSWORD = "amber lantern quietly drifting";
    private static Browser first;
    private static Browser second;

    @Autowired
    PatientService patients;

    @Autowired
    HeldAnswers heldAnswers;

    Browser alicesBrowser;
    Browser bobsBrowser;

    /** A staff member who signs in with {@link #PASSWORD}, plus a device token for setting up data over the API. */
    record Person(Staff staff, String username) {
        String id() {
            return staff.id();
        }
    }

    @BeforeEach
    void browsers() {
        alicesBrowser = first();
        bobsBrowser = second();
        alicesBrowser.reset(base());
        bobsBrowser.reset(base());
    }

    /** No test may leave a script error, a rejected promise or a missing file in either browser's console. */
    @AfterEach
    void consolesStayClean() {
        assertThat(alicesBrowser.consoleErrors())
                .as("errors in the first browser's console")
                .isEmpty();
        assertThat(bobsBrowser.consoleErrors())
                .as("errors in the second browser's console")
                .isEmpty();
    }

    @AfterEach
    void releaseHeldAnswers() {
        heldAnswers.releaseAll();
    }

    /** Sets time limits of the page's requests ({@code setTimeLimits} of shared/api.js), e.g. {@code requestMs}. */
    static void timeLimits(Browser browser, Map<String, Integer> limits) {
        browser.asyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/shared/api.js').then(m => { m.setTimeLimits(arguments[0]); done(); });",
                limits);
    }

    private static synchronized Browser first() {
        if (first == null) {
            first = started("first");
        }
        return first;
    }

    private static synchronized Browser second() {
        if (second == null) {
            second = started("second");
        }
        return second;
    }

    private static Browser started(String name) {
        Browser browser = Browser.start(name);
        Runtime.getRuntime().addShutdownHook(new Thread(browser::close));
        return browser;
    }

    String base() {
        return "http://localhost:" + port;
    }

    Person person(Organisation org, Role role, String displayName) {
        return person(org, role, displayName, false);
    }

    Person person(Organisation org, Role role, String displayName, boolean mustChangePassword) {
        String username = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        User user = transactions.write(() -> users.createByOperator(
                org.id(), new NewUser(username, displayName, role, PASSWORD, mustChangePassword), false));
        return new Person(
                new Staff(user, tokens.issueDeviceToken(user, "test setup").secret()), username);
    }

    Patient patient(Person admin, String mrn, String given, String family) {
        return patients.create(
                asCurrent(admin.staff()), new NewPatient(mrn, given, family, "1956-04-12", "+447412900123", null));
    }

    /** A 2-way group owned by {@code owner}, optionally about a patient. */
    String conversation(Person owner, String topic, Patient patient, Person... others) {
        return conversation(owner, topic, patient, true, others);
    }

    /** A group owned by {@code owner}, optionally about a patient; 1-way unless {@code acceptResponses}. */
    String conversation(Person owner, String topic, Patient patient, boolean acceptResponses, Person... others) {
        List<String> ids = new ArrayList<>();
        for (Person p : others) {
            ids.add(p.id());
        }
        return conversations
                .create(
                        asCurrent(owner.staff()),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                patient == null ? Conversation.Audience.STAFF : Conversation.Audience.PATIENT,
                                topic,
                                patient == null ? null : patient.id(),
                                acceptResponses,
                                ids,
                                null))
                .id();
    }

    /** A direct conversation of two staff: no topic, so each side sees it by the other's name. */
    String direct(Person from, Person to) {
        return conversations
                .create(
                        asCurrent(from.staff()),
                        new NewConversation(
                                Conversation.Kind.DIRECT,
                                Conversation.Audience.STAFF,
                                null,
                                null,
                                true,
                                List.of(to.id()),
                                null))
                .id();
    }

    long send(Person from, String conversationId, String body) {
        return sendText(from.staff(), conversationId, body);
    }

    void signIn(Browser browser, Person person) {
        browser.signIn(base(), person.username(), PASSWORD);
    }

    /** Fills the patient app's date of birth, three boxes, from an ISO date. */
    static void typeBirthDate(Browser browser, String isoDate) {
        String[] parts = isoDate.split("-");
        browser.type(By.id("birth-day"), parts[2]);
        browser.type(By.id("birth-month"), parts[1]);
        browser.type(By.id("birth-year"), parts[0]);
    }

    static void assertAccessible(Browser browser, String screen) {
        assertThat(Axe.seriousViolations(browser))
                .as("serious or critical axe-core violations on " + screen)
                .isEmpty();
    }
}
