package org.carechat.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.carechat.patient.Patient;
import org.carechat.testing.Response;
import org.carechat.testing.Smsc;
import org.carechat.testing.Staff;
import org.carechat.testing.WsClient;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The SMS chat of contact requests over a real SMPP link: the in-process jSMPP SMS centre sends patients' texts
 * (single, concatenated with a user data header or SAR parameters, UCS-2) and delivery receipts to this test's server,
 * and delivers a text again while it is unanswered, as an SMS centre does.
 */
@Timeout(120)
abstract class ContactSmsScenarios extends ContactFixture {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void setUp() {
        organisation();
    }

    @Test
    void staffTextThePatientTheReceiptSaysDeliveredAndTheReplyArrivesLiveRaisingNewMessages() {
        String mobile = mobile();
        Patient record = patient(mobile);
        Staff paula = patientAccount(record);
        String id = raiseInApp(paula, "Can I have my repeat prescription?");
        assertThat(request(alice, id).get("request").get("status").asString()).isEqualTo("new");

        // New: "Send message" is refused with the reason.
        Response early = sendSms(alice, id, "Hello");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("detail").asString()).contains("In progress");

        status(alice, id, "in_progress");
        JsonNode opened = request(alice, id);
        assertThat(opened.get("request").get("status").asString()).isEqualTo("in_progress");
        assertThat(opened.has("messageBlockedBecause"))
                .as("nothing blocks sending")
                .isFalse();
        String conversation = opened.get("conversation").get("id").asString();

        try (WsClient bobsSocket = connect(bob)) {
            bobsSocket.send(Map.of("type", "resume", "cursors", List.of(), "others", "latest"));
            bobsSocket.awaitType("sync_complete", 30);
            bobsSocket.send(Map.of("type", "watch", "c", conversation, "seq", 0));
            bobsSocket.await(f -> "batch".equals(f.get("type").asString()), 30);

            Response sent = sendSms(alice, id, "Your prescription is ready to collect.");
            assertThat(sent.status()).as(sent.text()).isEqualTo(201);
            assertThat(sent.json().get("state").asString()).isEqualTo("sent");
            List<Smsc.Message> toPatient = smsc.messagesTo(mobile);
            assertThat(toPatient)
                    .extracting(Smsc.Message::text)
                    .containsExactly("Your prescription is ready to collect.");
            assertThat(toPatient.getFirst().from()).isEqualTo(practiceNumber);

            smsc.deliveryReceipt(toPatient.getFirst().parts().getFirst(), DeliveryReceiptState.DELIVRD);
            await().atMost(WAIT)
                    .until(() -> "delivered"
                            .equals(smsState(id, sent.json().get("seq").asLong())));
            bobsSocket.await(
                    f -> isEntry(f, "sms_status")
                            && f.get("entry")
                                    .get("meta")
                                    .get("state")
                                    .asString()
                                    .equals("delivered"),
                    30);

            Smsc.Mo reply = smsc.mo(systemType(), mobile, practiceNumber, "Thank you, I will come at 3");
            await().atMost(WAIT).until(reply::acknowledged);
            JsonNode live = bobsSocket.await(f -> isEntry(f, "sms_in"), 30);
            assertThat(live.get("entry").get("body").asString()).isEqualTo("Thank you, I will come at 3");
            bobsSocket.await(
                    f -> "contact_request".equals(f.get("type").asString())
                            && f.get("newMessages").asBoolean(),
                    30);
        }
        assertThat(counts(bob).get("newMessages").asLong()).isEqualTo(1);
        assertThat(queue(bob, Map.of("tab", "new_messages")))
                .extracting(r -> r.get("id").asString())
                .containsExactly(id);
        assertThat(post(bob, "/api/v1/contact-requests/" + id + "/seen", null).status())
                .isEqualTo(204);
        assertThat(counts(alice).get("newMessages").asLong())
                .as("seen by one, down for the team")
                .isZero();
        assertThat(entriesOfKind(alice, id, "sms_in"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("body").asString()).isEqualTo("Thank you, I will come at 3"));
    }

    @Test
    void aConcatenatedReplyWithAHeaderOrSarParametersAndAUcs2ReplyArriveWhole() {
        String mobile = mobile();
        String id = inProgressRequestFor(mobile);
        String first = "I have been taking the tablets twice a day as the label says, but since last week I have "
                + "had a headache every morning and feel dizzy when I stand up quickly. ";
        String second = "Should I stop them until I can see the doctor, or keep going? I can come on Thursday.";
        smsc.moPart(systemType(), mobile, practiceNumber, second, 42, 2, 2, true);
        smsc.moPart(systemType(), mobile, practiceNumber, first, 42, 2, 1, true);
        String sarFirst = "Also the chemist asked for ";
        String sarSecond = "the new dose in writing.";
        smsc.moPart(systemType(), mobile, practiceNumber, sarFirst, 7, 2, 1, false);
        smsc.moPart(systemType(), mobile, practiceNumber, sarSecond, 7, 2, 2, false);
        String greek = "Ευχαριστώ πολύ — 谢谢 🙏";
        smsc.moUcs2(systemType(), mobile, practiceNumber, greek);

        await().atMost(WAIT).until(() -> entriesOfKind(alice, id, "sms_in").size() == 3);
        assertThat(entriesOfKind(alice, id, "sms_in"))
                .extracting(e -> e.get("body").asString())
                .containsExactly(first + second, sarFirst + sarSecond, greek);
    }

    @Test
    void aReplyAfterCaseCloseGetsTheClosedAnswerOnceAndIsStoredFlaggedOnTheClosedRequest() {
        String mobile = mobile();
        String id = inProgressRequestFor(mobile);
        status(alice, id, "complete");

        await().atMost(WAIT).until(smsc.mo(systemType(), mobile, practiceNumber, "One more question")::acknowledged);
        await().atMost(WAIT).until(() -> smsc.messagesTo(mobile).size() == 1);
        assertThat(smsc.messagesTo(mobile).getFirst().text()).isEqualTo(CLOSED_ANSWER);
        await().atMost(WAIT).until(smsc.mo(systemType(), mobile, practiceNumber, "Hello?")::acknowledged);

        List<JsonNode> replies = entriesOfKind(alice, id, "sms_in");
        assertThat(replies).extracting(e -> e.get("body").asString()).containsExactly("One more question", "Hello?");
        assertThat(replies)
                .allSatisfy(e ->
                        assertThat(e.get("meta").get("afterClose").asBoolean()).isTrue());
        assertThat(request(alice, id).get("request").get("status").asString()).isEqualTo("complete");
        assertThat(requestsFor(mobile)).as("no new request for the number").hasSize(1);
        assertThat(entriesOfKind(alice, id, "sms_out"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("meta").get("auto").asString()).isEqualTo("closed"));
        pause(1_500);
        assertThat(smsc.messagesTo(mobile))
                .as("the closed answer went out once")
                .hasSize(1);

        // Reopened from the archive, it can be messaged again; closed again, the answer goes out once more.
        status(bob, id, "in_progress");
        Response again = sendSms(bob, id, "We reopened your request: what is the question?");
        assertThat(again.status()).as(again.text()).isEqualTo(201);
        assertThat(smsc.messagesTo(mobile))
                .extracting(Smsc.Message::text)
                .containsExactly(CLOSED_ANSWER, "We reopened your request: what is the question?");
        await().atMost(WAIT)
                .until(smsc.mo(systemType(), mobile, practiceNumber, "It was about the dose")::acknowledged);
        assertThat(entriesOfKind(alice, id, "sms_in").getLast().get("meta")).isNull();
        status(bob, id, "complete");
        await().atMost(WAIT).until(smsc.mo(systemType(), mobile, practiceNumber, "Thanks")::acknowledged);
        await().atMost(WAIT).until(() -> smsc.messagesTo(mobile).size() == 3);
    }

    @Test
    void anSmsFromAnUnknownNumberMakesANewRequestAcknowledgedOnce() {
        String stranger = mobile();
        await().atMost(WAIT)
                .until(smsc.mo(systemType(), stranger, practiceNumber, "Is the surgery open Saturday?")::acknowledged);
        List<JsonNode> made = requestsFor(stranger);
        assertThat(made).singleElement().satisfies(r -> {
            assertThat(r.get("status").asString()).isEqualTo("new");
            assertThat(r.get("source").asString()).isEqualTo("sms");
            assertThat(r.get("person").get("matched").asBoolean()).isFalse();
            assertThat(r.get("person").get("mobile").asString()).isEqualTo(stranger);
        });
        String id = made.getFirst().get("id").asString();
        await().atMost(WAIT).until(() -> smsc.messagesTo(stranger).size() == 1);
        assertThat(smsc.messagesTo(stranger).getFirst().text()).isEqualTo(ACKNOWLEDGEMENT);

        // A second text before anyone answered joins the same request; no second acknowledgement.
        await().atMost(WAIT).until(smsc.mo(systemType(), stranger, practiceNumber, "Or Sunday?")::acknowledged);
        assertThat(requestsFor(stranger)).hasSize(1);
        assertThat(entriesOfKind(alice, id, "sms_in"))
                .extracting(e -> e.get("body").asString())
                .containsExactly("Is the surgery open Saturday?", "Or Sunday?");
        pause(1_500);
        assertThat(smsc.messagesTo(stranger)).hasSize(1);
    }

    @Test
    void theSameMessageDeliveredTwiceByTheSmsCentreIsStoredOnce() {
        String mobile = mobile();
        String id = inProgressRequestFor(mobile);
        short idTag = properties.sms().messageIdTagValue();
        Smsc.Mo first = smsc.moWithId(systemType(), mobile, practiceNumber, "Yes please", idTag, "smsc-" + digits(6));
        await().atMost(WAIT).until(first::acknowledged);
        Smsc.Mo again = smsc.redeliver(first);
        await().atMost(WAIT).until(again::acknowledged);
        // Without an id: the same text from the same number within the window is a redelivery too.
        Smsc.Mo plain = smsc.mo(systemType(), mobile, practiceNumber, "See you then");
        await().atMost(WAIT).until(plain::acknowledged);
        await().atMost(WAIT).until(smsc.redeliver(plain)::acknowledged);
        // A part delivered twice counts once.
        smsc.moPart(systemType(), mobile, practiceNumber, "Part one, ", 9, 2, 1, true);
        smsc.moPart(systemType(), mobile, practiceNumber, "Part one, ", 9, 2, 1, true);
        smsc.moPart(systemType(), mobile, practiceNumber, "part two.", 9, 2, 2, true);

        await().atMost(WAIT).until(() -> entriesOfKind(alice, id, "sms_in").size() >= 3);
        pause(1_000);
        assertThat(entriesOfKind(alice, id, "sms_in"))
                .extracting(e -> e.get("body").asString())
                .containsExactly("Yes please", "See you then", "Part one, part two.");
    }

    @Test
    void longTextsGoAsConcatenatedPartsAndTextsOutsideTheGsmAlphabetAsUcs2() {
        String mobile = mobile();
        String id = inProgressRequestFor(mobile);
        String longText = "Your blood test results are back. ".repeat(8).strip();
        assertThat(sendSms(alice, id, longText).json().get("state").asString()).isEqualTo("sent");
        String accented = "Résultats prêts — à bientôt ✓";
        sendSms(alice, id, accented);

        List<Smsc.Message> sent = smsc.messagesTo(mobile);
        assertThat(sent).extracting(Smsc.Message::text).containsExactly(longText, accented);
        assertThat(sent.getFirst().parts())
                .hasSize(2)
                .allSatisfy(p -> assertThat(p.ucs2()).isFalse());
        assertThat(sent.get(1).parts())
                .singleElement()
                .satisfies(p -> assertThat(p.ucs2()).isTrue());
        JsonNode longEntry = entriesOfKind(alice, id, "sms_out").getFirst();
        assertThat(longEntry.get("meta").get("parts").asInt()).isEqualTo(2);
        assertThat(longEntry.get("meta").get("encoding").asString()).isEqualTo("gsm7");

        // Delivered only once every part is.
        long seq = longEntry.get("seq").asLong();
        smsc.deliveryReceipt(sent.getFirst().parts().getFirst(), DeliveryReceiptState.DELIVRD);
        pause(1_000);
        assertThat(smsState(id, seq)).isEqualTo("sent");
        smsc.deliveryReceipt(sent.getFirst().parts().get(1), DeliveryReceiptState.DELIVRD);
        await().atMost(WAIT).until(() -> "delivered".equals(smsState(id, seq)));

        // A failed delivery says so, with the network's reason.
        long accentedSeq = entriesOfKind(alice, id, "sms_out").get(1).get("seq").asLong();
        smsc.deliveryReceipt(sent.get(1).parts().getFirst(), DeliveryReceiptState.UNDELIV);
        await().atMost(WAIT).until(() -> "failed".equals(smsState(id, accentedSeq)));
    }

    /** A request by a patient with an account, moved to In progress by Alice. */
    @Test
    void anSmsSentAgainWithTheSameClientIdIsAnsweredWithTheFirstAndNotTextedTwice() {
        String mobile = mobile();
        String id = inProgressRequestFor(mobile);
        Map<String, Object> body = Map.of("clientMsgId", "retry-1", "body", "See you at ten tomorrow.");

        Response first = post(alice, "/api/v1/contact-requests/" + id + "/sms", body);
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        Response again = post(alice, "/api/v1/contact-requests/" + id + "/sms", body);
        assertThat(again.status()).as(again.text()).isEqualTo(200);

        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(again.json().get("seq").asLong())
                .isEqualTo(first.json().get("seq").asLong());
        assertThat(smsc.messagesTo(mobile)).extracting(Smsc.Message::text).containsExactly("See you at ten tomorrow.");
        assertThat(entriesOfKind(alice, id, "sms_out")).hasSize(1);
    }

    @Test
    void theContactSmsAreCountedWithTheOtherTextsToPatientsAndTheBoundLinkIsWatched() {
        String id = inProgressRequestFor(mobile());
        double sentBefore = sends("sent");
        double failedBefore = sends("failed");

        assertThat(sendSms(alice, id, "Your results are back.")
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("sent");
        smsc.refuseNext(1);
        Response refused = sendSms(alice, id, "Please call the practice.");
        assertThat(refused.json().get("state").asString()).as(refused.text()).isEqualTo("failed");

        assertThat(sends("sent")).isGreaterThanOrEqualTo(sentBefore + 1);
        assertThat(sends("failed")).isGreaterThanOrEqualTo(failedBefore + 1);
        assertThat(meters.get("carechat.sms.link.bound").gauge().value()).isEqualTo(1);
    }

    double sends(String outcome) {
        Counter counter = meters.find("carechat.notification.sends")
                .tags("channel", "sms", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    String inProgressRequestFor(String mobile) {
        String id = raiseInApp(patientAccount(patient(mobile)), "Please call me back");
        status(alice, id, "in_progress");
        return id;
    }

    String smsState(String id, long seq) {
        return entriesOfKind(alice, id, "sms_out").stream()
                .filter(e -> e.get("seq").asLong() == seq)
                .findFirst()
                .map(e -> e.get("smsState").asString())
                .orElse(null);
    }

    /** A live event frame of an entry of {@code kind}. */
    static boolean isEntry(JsonNode frame, String kind) {
        return "event".equals(frame.get("type").asString())
                && kind.equals(frame.get("entry").get("kind").asString());
    }
}
