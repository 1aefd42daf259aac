package org.carechat.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.system.CareChatProperties;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Smsc;
import org.carechat.testing.Staff;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * An organisation with contact requests set up: its own SMS number, two staff members, an admin, a patient record with
 * a mobile number, and the in-process SMS centre bound to this test's server.
 */
abstract class ContactFixture extends ServerTest {

    static final String ACKNOWLEDGEMENT = "Thanks, the practice has your message.";
    static final String CLOSED_ANSWER = "This chat is closed. Please call the practice or use the patient app.";

    @Autowired
    CareChatProperties properties;

    final Smsc smsc = Smsc.shared();
    Organisation org;
    Staff admin;
    Staff alice;
    Staff bob;
    String practiceNumber;
    String reasonId;

    /** An organisation of its own with its settings; the SMS link of this server bound. */
    void organisation() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        alice = newStaff(org, Role.NURSE, "Alice Adams");
        bob = newStaff(org, Role.CLINICIAN, "Bob Brown");
        practiceNumber = "4420" + digits(8);
        Response set = call(
                admin,
                "PUT",
                "/api/v1/orgs/current/contact-settings",
                Map.of(
                        "smsNumber",
                        "+" + practiceNumber,
                        "acknowledgement",
                        ACKNOWLEDGEMENT,
                        "closedAnswer",
                        CLOSED_ANSWER,
                        "reasons",
                        List.of(Map.of("label", "Prescription"), Map.of("label", "Test results"))));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        reasonId = set.json().get("reasons").get(0).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.isBound(systemType()));
    }

    String systemType() {
        return properties.sms().systemType();
    }

    /** A random mobile number (a UK 074 one), E.164. */
    static String mobile() {
        return "+4474" + digits(8);
    }

    static String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(ThreadLocalRandom.current().nextInt(10));
        }
        return s.toString();
    }

    Patient patient(String mobile) {
        return patientRecord(org, "Paula", "Patient", "1961-02-03", mobile, null);
    }

    /** A request raised in the patient app by {@code account}; returns its id. */
    String raiseInApp(Staff account, String text) {
        Response r = post(account, "/api/v1/contact-requests", Map.of("reasonId", reasonId, "text", text));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.string("id");
    }

    JsonNode request(Staff as, String id) {
        Response r = get(as, "/api/v1/contact-requests/" + id);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    List<JsonNode> entries(Staff as, String id) {
        Response r = get(as, "/api/v1/contact-requests/" + id + "/messages?limit=200");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().valueStream().toList();
    }

    List<JsonNode> entriesOfKind(Staff as, String id, String kind) {
        return entries(as, id).stream()
                .filter(e -> e.get("kind").asString().equals(kind))
                .toList();
    }

    void status(Staff as, String id, String status) {
        Response r = post(as, "/api/v1/contact-requests/" + id + "/status", Map.of("status", status));
        assertThat(r.status()).as(r.text()).isEqualTo(204);
    }

    Response sendSms(Staff as, String id, String body) {
        return post(
                as,
                "/api/v1/contact-requests/" + id + "/sms",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "body", body));
    }

    JsonNode counts(Staff as) {
        Response r = get(as, "/api/v1/contact-requests/counts");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    List<JsonNode> queue(Staff as, Map<String, Object> query) {
        Response r = post(as, "/api/v1/contact-requests/queue", query);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().valueStream().toList();
    }

    /** The requests of this organisation's queue (all tabs) for the number, newest first. */
    List<JsonNode> requestsFor(String mobile) {
        return queue(alice, Map.of("q", mobile));
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
