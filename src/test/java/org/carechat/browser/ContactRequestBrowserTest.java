package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.system.CareChatProperties;
import org.carechat.testing.Response;
import org.carechat.testing.Smsc;
import org.carechat.testing.Staff;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Seed 002 in Chromium: contact requests worked by two staff members while the patient writes by SMS through the
 * in-process SMS centre; the patient app's "Contact the practice"; and the public form.
 */
class ContactRequestBrowserTest extends BrowserTest {

    static final String CLOSED_ANSWER = "This chat is closed. Please call the practice on 020 7946 0000.";

    @Autowired
    CareChatProperties properties;

    final Smsc smsc = Smsc.shared();

    record Practice(Organisation org, Person admin, String number, String reasonId) {}

    Practice practice() {
        Organisation org = transactions.write(() -> orgs.create("Riverside Health Centre " + digits(4), null, null));
        Person admin = person(org, Role.ADMIN, "Ada Admin");
        String number = "4420" + digits(8);
        Response set = call(
                admin.staff(),
                "PUT",
                "/api/v1/orgs/current/contact-settings",
                Map.of(
                        "smsNumber",
                        "+" + number,
                        "acknowledgement",
                        "Thanks, we have your message.",
                        "closedAnswer",
                        CLOSED_ANSWER,
                        "reasons",
                        List.of(Map.of("label", "Prescription"), Map.of("label", "Test results"))));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.isBound(systemType()));
        return new Practice(
                org, admin, number, set.json().get("reasons").get(0).get("id").asString());
    }

    @Test
    void twoStaffWorkARequestBySmsWithTheArchiveReopenAndCloseThread() {
        Practice practice = practice();
        Person alice = person(practice.org(), Role.NURSE, "Alice Adams");
        Person bob = person(practice.org(), Role.CLINICIAN, "Bob Brown");
        String mobile = "+4474" + digits(8);
        Patient paula = patients.create(
                asCurrent(practice.admin().staff()),
                new org.carechat.patient.NewPatient("MRN-" + digits(6), "Paula", "Parker", "1961-02-03", mobile, null));
        Staff paulasAccount = patientAccount(paula);
        Response raised = post(
                paulasAccount,
                "/api/v1/contact-requests",
                Map.of("reasonId", practice.reasonId(), "text", "Could I have my repeat prescription?"));
        String id = raised.string("id");
        String stranger = "+4474" + digits(8);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        smsc.mo(systemType(), stranger, practice.number(), "Is the surgery open on Saturday?")
                                ::acknowledged);

        signIn(alicesBrowser, alice);
        signIn(bobsBrowser, bob);

        // Alice: the queue, with counts on the tabs and in the navigation.
        alicesBrowser.click(By.cssSelector(".main-nav .nav-requests"));
        alicesBrowser.waitForText(By.cssSelector(".queue-tab[data-tab=new] .tab-count"), "2");
        alicesBrowser.waitForText(By.cssSelector(".main-nav .new-requests"), "2");
        alicesBrowser.waitForText(By.cssSelector(rowCss(id) + " .conv-open"), "Paula Parker");
        Screenshots.save(alicesBrowser, "desktop-contact-queue");
        assertAccessible(alicesBrowser, "the contact request queue");

        // New: "Send message" says why not.
        alicesBrowser.click(By.cssSelector(rowCss(id) + " .conv-open"));
        alicesBrowser.waitForText(By.cssSelector(".request-title h2"), "Paula Parker");
        assertThat(alicesBrowser.find(By.cssSelector(".request-sub")).getText()).contains("New", "Prescription");
        assertThat(alicesBrowser.find(By.cssSelector(".send-blocked")).getText())
                .contains("press In progress first");
        assertThat(alicesBrowser.find(By.cssSelector(".send-message")).getAttribute("aria-disabled"))
                .isEqualTo("true");
        alicesBrowser.waitForText(By.cssSelector(".msg.patient .msg-body"), "Could I have my repeat prescription?");

        // In progress: the composer counts characters and SMS, the message is sent and confirmed.
        alicesBrowser.click(By.cssSelector("button.status-action[data-status=in_progress]"));
        alicesBrowser.waitForText(By.cssSelector(".status-badge"), "In progress");
        String longText = "Your prescription is ready to collect from the pharmacy on the high street. "
                + "Please bring your repeat slip and collect it before Friday, when the pharmacy closes early.";
        alicesBrowser.type(By.id("sms-input"), longText);
        alicesBrowser.waitForText(By.id("sms-length"), "2 SMS");
        alicesBrowser.click(By.cssSelector("button.send-sms"));
        alicesBrowser.waitForText(By.cssSelector(".sms-confirmation"), "Message sent.");
        WebElement sent = alicesBrowser.waitForText(By.cssSelector(".msg.practice .msg-body"), "ready to collect");
        assertThat(sent.findElement(By.xpath("../../p[contains(@class,'msg-by')]"))
                        .getText())
                .startsWith("You");
        alicesBrowser.waitForText(By.cssSelector(".msg.practice .sms-state"), "Sent to the SMS centre");
        List<Smsc.Message> toPaula = smsc.messagesTo(mobile);
        assertThat(toPaula).extracting(Smsc.Message::text).containsExactly(longText);
        toPaula.getFirst().parts().forEach(part -> smsc.deliveryReceipt(part, DeliveryReceiptState.DELIVRD));
        alicesBrowser.waitForText(By.cssSelector(".msg.practice .sms-state"), "Delivered to the phone");

        // Paula replies by SMS: Alice sees it live, Bob gets the reminder on the main page and in the navigation.
        await().atMost(Duration.ofSeconds(30))
                .until(
                        smsc.mo(systemType(), mobile, practice.number(), "Thank you, I will come tomorrow")
                                ::acknowledged);
        WebElement reply = alicesBrowser.waitForText(By.cssSelector(".msg.patient .msg-body"), "I will come tomorrow");
        assertThat(reply.findElement(By.xpath("../../p[contains(@class,'msg-by')]"))
                        .getText())
                .contains("Paula Parker", "SMS");
        Screenshots.save(alicesBrowser, "desktop-contact-request");
        assertAccessible(alicesBrowser, "a contact request with its SMS thread");

        // Alice closes the thread on her screen and goes back to the queue; Paula writes again: both are alerted.
        alicesBrowser.click(By.cssSelector("button.close-thread"));
        alicesBrowser.waitUntilGone(By.cssSelector(".request-title"));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        smsc.mo(systemType(), mobile, practice.number(), "Actually, can my husband collect it?")
                                ::acknowledged);
        bobsBrowser.waitForText(By.cssSelector(".contact-reminder"), "1 contact request has a new message");
        bobsBrowser.waitForText(By.cssSelector(".main-nav .new-messages"), "1");
        alicesBrowser.waitForText(By.cssSelector(".queue-tab[data-tab=new_messages] .tab-count"), "1");
        Screenshots.save(bobsBrowser, "desktop-contact-reminder");
        assertAccessible(bobsBrowser, "the main page with the New messages reminder");

        // Bob opens it from "New messages": the whole thread; the reminder goes down for the team.
        bobsBrowser.click(By.cssSelector(".contact-reminder a"));
        bobsBrowser.waitForText(By.cssSelector(".queue-tab[data-tab=new_messages][aria-pressed=true]"), "New messages");
        bobsBrowser.click(By.cssSelector(rowCss(id) + " .conv-open"));
        bobsBrowser.waitForText(By.cssSelector(".msg.patient .msg-body"), "can my husband collect it?");
        assertThat(bobsBrowser.all(By.cssSelector(".msg.practice .msg-body")))
                .extracting(WebElement::getText)
                .anySatisfy(text -> assertThat(text).contains("ready to collect"));
        alicesBrowser.waitForText(By.cssSelector(".queue-tab[data-tab=new_messages] .tab-count"), "0");
        bobsBrowser.type(By.id("sms-input"), "Yes, he can collect it with your slip.");
        bobsBrowser.click(By.cssSelector("button.send-sms"));
        bobsBrowser.waitForText(By.cssSelector(".sms-confirmation"), "Message sent.");
        WebElement bobs = bobsBrowser.waitForText(By.cssSelector(".msg.practice .msg-body"), "he can collect it");
        assertThat(bobs.findElement(By.xpath("../../p[contains(@class,'msg-by')]"))
                        .getText())
                .startsWith("You");

        // Alice reopens the request: the thread is back (the patient wrote), Bob's message under his name.
        alicesBrowser.click(By.cssSelector(".queue-tab[data-tab=in_progress]"));
        alicesBrowser.click(By.cssSelector(rowCss(id) + " .conv-open"));
        WebElement fromBob = alicesBrowser.waitForText(By.cssSelector(".msg.practice .msg-body"), "he can collect it");
        assertThat(fromBob.findElement(By.xpath("../../p[contains(@class,'msg-by')]"))
                        .getText())
                .startsWith("Bob Brown");

        // Case close: a later SMS gets the automatic answer and is kept, flagged, on the closed request.
        alicesBrowser.click(By.cssSelector("button.status-action[data-status=complete]"));
        alicesBrowser.waitForText(By.cssSelector(".status-badge"), "Complete");
        alicesBrowser.waitForText(By.cssSelector(".send-blocked"), "Reopen it");
        await().atMost(Duration.ofSeconds(30))
                .until(smsc.mo(systemType(), mobile, practice.number(), "One more thing: the dose?")::acknowledged);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        smsc.messagesTo(mobile).stream().anyMatch(m -> m.text().equals(CLOSED_ANSWER)));
        WebElement late = alicesBrowser.waitForText(By.cssSelector(".msg.patient"), "One more thing");
        assertThat(late.findElement(By.cssSelector(".msg-flag")).getText()).isEqualTo("Sent after the case was closed");

        // From the archive it is reopened and can be messaged again.
        alicesBrowser.click(By.cssSelector(".main-nav .nav-requests"));
        alicesBrowser.click(By.cssSelector(".queue-tab[data-tab=complete]"));
        alicesBrowser.click(By.cssSelector(rowCss(id) + " .conv-open"));
        alicesBrowser.click(By.cssSelector("button.status-action[data-status=in_progress]"));
        alicesBrowser.waitForText(By.cssSelector(".status-badge"), "In progress");
        alicesBrowser.type(By.id("sms-input"), "We reopened your request: what would you like to know?");
        alicesBrowser.click(By.cssSelector("button.send-sms"));
        alicesBrowser.waitForText(By.cssSelector(".sms-confirmation"), "Message sent.");
        assertThat(alicesBrowser.find(By.cssSelector(".request-history")).getText())
                .contains(
                        "In progress (was New) by Alice Adams",
                        "Complete (was In progress) by Alice Adams",
                        "In progress (was Complete) by Alice Adams");
        Screenshots.save(alicesBrowser, "desktop-contact-reopened");
    }

    @Test
    void aPatientContactsThePracticeInTheAppAndAnswersTheNursesSms() {
        Practice practice = practice();
        Person nurse = person(practice.org(), Role.NURSE, "Nina Nurse");
        String mobile = "+4474" + digits(8);
        patients.create(
                asCurrent(practice.admin().staff()),
                new org.carechat.patient.NewPatient(
                        "MRN-" + digits(6), "Rita", "Register", "1956-04-12", mobile, null));
        Browser patient = bobsBrowser;
        patient.phone();
        signInAsPatient(patient, mobile, "1956-04-12");

        patient.click(By.cssSelector("button.contact-button"));
        patient.find(By.id("contact-reason"));
        patient.script("arguments[0].value = arguments[1]", patient.find(By.id("contact-reason")), practice.reasonId());
        patient.type(By.id("contact-text"), "My inhaler is nearly empty");
        Screenshots.save(patient, "patient-contact-form");
        assertAccessible(patient, "Contact the practice");
        patient.click(By.cssSelector(".contact-form button[type=submit]"));
        patient.waitForText(By.cssSelector(".msg.patient .msg-body"), "My inhaler is nearly empty");
        patient.waitForText(By.id("thread-title"), "Prescription");

        String id = post(nurse.staff(), "/api/v1/contact-requests/queue", Map.of())
                .json()
                .get(0)
                .get("id")
                .asString();
        assertThat(post(nurse.staff(), "/api/v1/contact-requests/" + id + "/status", Map.of("status", "in_progress"))
                        .status())
                .isEqualTo(204);
        assertThat(post(
                                nurse.staff(),
                                "/api/v1/contact-requests/" + id + "/sms",
                                Map.of(
                                        "clientMsgId",
                                        UUID.randomUUID().toString(),
                                        "body",
                                        "We will send a new one to your pharmacy."))
                        .status())
                .isEqualTo(201);
        WebElement fromNurse = patient.waitForText(By.cssSelector(".msg.practice .msg-body"), "new one");
        assertThat(fromNurse
                        .findElement(By.xpath("../../p[contains(@class,'msg-by')]"))
                        .getText())
                .contains("Nina Nurse", "SMS");
        patient.type(By.id("reply-input"), "Thank you, the one on the corner");
        patient.click(By.cssSelector(".reply-form button[type=submit]"));
        patient.waitForText(By.cssSelector(".reply-form [role=status]"), "Sent to the practice.");
        patient.waitForText(By.cssSelector(".msg.patient .msg-body"), "the one on the corner");
        Screenshots.save(patient, "patient-request");
        assertAccessible(patient, "a patient's contact request");

        assertThat(post(nurse.staff(), "/api/v1/contact-requests/" + id + "/status", Map.of("status", "complete"))
                        .status())
                .isEqualTo(204);
        patient.waitForText(By.cssSelector(".thread-footer .one-way-note"), CLOSED_ANSWER);
        assertThat(patient.all(By.id("reply-input"))).isEmpty();
    }

    @Test
    void someoneWithoutAnAccountUsesThePublicForm() {
        Practice practice = practice();
        String mobile = "+4474" + digits(8);
        Browser visitor = alicesBrowser;
        visitor.open(base() + "/contact/?org=" + practice.org().id());
        visitor.waitForText(By.cssSelector(".brand"), practice.org().name());
        visitor.type(By.id("given-name"), "Vera");
        visitor.type(By.id("family-name"), "Visitor");
        visitor.script("arguments[0].value = '1984-08-08'", visitor.find(By.id("birth-date")));
        visitor.type(By.id("mobile"), mobile);
        visitor.script("arguments[0].value = arguments[1]", visitor.find(By.id("reason")), practice.reasonId());
        visitor.type(By.id("message"), "I would like to register with the practice");
        Screenshots.save(visitor, "public-contact-form");
        assertAccessible(visitor, "the public contact form");
        visitor.click(By.cssSelector(".public-contact button[type=submit]"));
        visitor.waitForText(By.cssSelector(".notice h2"), "your message was sent");
        assertAccessible(visitor, "the public form's confirmation");
        List<?> found = post(practice.admin().staff(), "/api/v1/contact-requests/queue", Map.of("q", mobile))
                .json()
                .valueStream()
                .toList();
        assertThat(found).hasSize(1);
    }

    /**
     * An SMS whose answer never comes (the server sent it, the answer was lost): the composer is free again within the
     * page's time limit and says the message may have gone; sending the same text again texts the patient once.
     */
    @Test
    void anSmsNotAnsweredInTimeFreesTheComposerAndSendingItAgainTextsThePatientOnce() throws Exception {
        Practice practice = practice();
        Person alice = person(practice.org(), Role.NURSE, "Alice Adams");
        String mobile = "+4474" + digits(8);
        Patient paula = patients.create(
                asCurrent(practice.admin().staff()),
                new org.carechat.patient.NewPatient("MRN-" + digits(6), "Paula", "Parker", "1961-02-03", mobile, null));
        String id = post(
                        patientAccount(paula),
                        "/api/v1/contact-requests",
                        Map.of("reasonId", practice.reasonId(), "text", "Could I have my repeat prescription?"))
                .string("id");
        assertThat(post(alice.staff(), "/api/v1/contact-requests/" + id + "/status", Map.of("status", "in_progress"))
                        .status())
                .isEqualTo(204);
        signIn(alicesBrowser, alice);
        alicesBrowser.open(base() + "/#/requests/" + id);
        alicesBrowser.waitForText(By.cssSelector(".msg.patient .msg-body"), "repeat prescription");
        String text = "Your prescription is ready at the pharmacy.";
        HeldAnswers.Held held = heldAnswers.holdNext("POST", path -> path.endsWith("/" + id + "/sms"));
        timeLimits(alicesBrowser, Map.of("requestMs", 2_000));

        alicesBrowser.type(By.id("sms-input"), text);
        alicesBrowser.click(By.cssSelector("button.send-sms"));
        held.awaitServed();
        assertThat(alicesBrowser
                        .waitForText(By.cssSelector(".sms-confirmation.failed"), "No answer")
                        .getText())
                .isEqualTo("No answer from the server, so the message may have been sent. Send it again: it will not"
                        + " go twice.");
        alicesBrowser.until(
                d -> d.findElement(By.cssSelector("button.send-sms")).isEnabled());

        timeLimits(alicesBrowser, Map.of("requestMs", 30_000));
        alicesBrowser.click(By.cssSelector("button.send-sms"));
        alicesBrowser.waitForText(By.cssSelector(".sms-confirmation.sent"), "Message");
        alicesBrowser.waitUntilGone(By.cssSelector(".msg.pending"));
        assertThat(alicesBrowser.all(By.cssSelector(".msg.practice .msg-body")).stream()
                        .filter(body -> body.getText().contains(text))
                        .count())
                .isEqualTo(1);
        // Each send hands its SMS to the SMS centre before it answers: a second one would be there by now.
        assertThat(smsc.messagesTo(mobile))
                .extracting(Smsc.Message::text)
                .filteredOn(text::equals)
                .hasSize(1);
    }

    /**
     * A patient's answer in the app whose own answer never comes: the text is back in the box with a sentence saying
     * it may have gone, and sending it again gives the practice one answer.
     */
    @Test
    void aPatientsAnswerNotAnsweredInTimeIsBackInTheBoxAndSentAgainReachesThePracticeOnce() throws Exception {
        Practice practice = practice();
        String mobile = "+4474" + digits(8);
        patients.create(
                asCurrent(practice.admin().staff()),
                new org.carechat.patient.NewPatient(
                        "MRN-" + digits(6), "Rita", "Register", "1956-04-12", mobile, null));
        Browser patient = bobsBrowser;
        signInAsPatient(patient, mobile, "1956-04-12");
        patient.click(By.cssSelector("button.contact-button"));
        patient.script("arguments[0].value = arguments[1]", patient.find(By.id("contact-reason")), practice.reasonId());
        patient.type(By.id("contact-text"), "My inhaler is nearly empty");
        patient.click(By.cssSelector(".contact-form button[type=submit]"));
        patient.waitForText(By.cssSelector(".msg.patient .msg-body"), "My inhaler is nearly empty");
        String text = "The pharmacy on the corner, please";
        HeldAnswers.Held held = heldAnswers.holdNext("POST", path -> path.endsWith("/replies"));
        timeLimits(patient, Map.of("requestMs", 2_000));

        patient.type(By.id("reply-input"), text);
        patient.click(By.cssSelector(".reply-form button[type=submit]"));
        held.awaitServed();
        patient.waitForText(By.cssSelector(".reply-form [role=status]"), "No answer from the server");
        assertThat(patient.find(By.id("reply-input")).getDomProperty("value")).isEqualTo(text);

        timeLimits(patient, Map.of("requestMs", 30_000));
        patient.click(By.cssSelector(".reply-form button[type=submit]"));
        patient.waitForText(By.cssSelector(".reply-form [role=status]"), "Sent to the practice.");
        patient.waitUntilGone(By.cssSelector(".msg.pending"));
        String id = post(practice.admin().staff(), "/api/v1/contact-requests/queue", Map.of("q", mobile))
                .json()
                .get(0)
                .get("id")
                .asString();
        List<String> bodies = get(practice.admin().staff(), "/api/v1/contact-requests/" + id + "/messages")
                .json()
                .valueStream()
                .map(entry -> entry.path("body").asString(""))
                .toList();
        assertThat(bodies).filteredOn(text::equals).hasSize(1);
    }

    /** Signs in to the patient app with a code sent by SMS to {@code mobile}. */
    void signInAsPatient(Browser patient, String mobile, String birthDate) {
        patient.open(base() + "/patient/");
        patient.type(By.id("contact"), mobile);
        typeBirthDate(patient, birthDate);
        patient.click(By.cssSelector("form button[type=submit]"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !smsc.to(mobile).isEmpty());
        Matcher code =
                Pattern.compile("(\\d{6})").matcher(smsc.to(mobile).getLast().text());
        assertThat(code.find()).isTrue();
        patient.type(By.id("code"), code.group(1));
        patient.click(By.cssSelector("form button[type=submit]"));
        patient.waitForText(By.cssSelector(".connection"), "Up to date");
    }

    /** The composer's count (shared/sms-length.js) is the server's (SmsText): the same parts for the same text. */
    @Test
    void theComposerCountsSmsPartsExactlyAsTheServerSendsThem() {
        alicesBrowser.open(base() + "/contact/");
        List<String> texts = List.of(
                "",
                "a".repeat(160),
                "a".repeat(161),
                "a".repeat(306),
                "a".repeat(307),
                "€".repeat(80),
                "€".repeat(81),
                "a".repeat(152) + "€" + "b".repeat(10),
                "✓".repeat(70),
                "✓".repeat(71),
                "x".repeat(66) + "🙏" + "x".repeat(5),
                "Résultats prêts — à bientôt ✓",
                "Your blood test results are back. ".repeat(8).strip());
        for (String text : texts) {
            Object counted = ((org.openqa.selenium.JavascriptExecutor) alicesBrowser.driver)
                    .executeAsyncScript(
                            "const done = arguments[arguments.length - 1];"
                                    + "import('/shared/sms-length.js').then(m => {"
                                    + " const c = m.smsLength(arguments[0]); done(c.parts + '/' + c.encoding); });",
                            text);
            org.carechat.sms.SmsText.Encoded encoded = org.carechat.sms.SmsText.encode(text);
            assertThat(counted)
                    .as("the count of a text of %d characters", text.length())
                    .isEqualTo(encoded.parts().size() + "/" + encoded.encoding().code());
        }
    }

    String systemType() {
        return properties.sms().systemType();
    }

    static String rowCss(String requestId) {
        return "li.request-row[data-id='" + requestId + "']";
    }

    static String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(ThreadLocalRandom.current().nextInt(10));
        }
        return s.toString();
    }
}
