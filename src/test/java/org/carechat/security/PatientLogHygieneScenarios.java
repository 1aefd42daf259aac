package org.carechat.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.notification.PatientNotices;
import org.carechat.org.Organisation;
import org.carechat.testing.LogCapture;
import org.carechat.testing.Mailbox;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Patients;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Smsc;
import org.carechat.testing.Staff;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * T-LOG-01 for the patient paths of issue #5, which {@link LogHygieneScenarios} cannot reach (its server has no SMS
 * centre or SMTP server): a patient record's name, MRN, date of birth, mobile and e-mail, a message body, the one-time
 * code and the code request's secret, sent through code requests by SMS and e-mail, refused and accepted sign-ins,
 * a notice refused by the SMS centre and retried, and its delivery report, never appear in any log line or logged
 * exception — with CareChat's loggers at TRACE and Spring MVC's at DEBUG.
 */
@Timeout(120)
abstract class PatientLogHygieneScenarios extends ServerTest {

    static final String BODY = "CANARY-BODY-5e21d0-creatinine-131";
    static final String NAME = "Canarypatientname";
    static final String MRN = "CANMRN-5E21";
    static final String BIRTH_DATE = "1953-07-19";
    static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Autowired
    PatientNotices notices;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClockAndSmsCentre() {
        clock.reset();
        Smsc.shared().refuseNext(0);
    }

    @Test
    void noPatientDetailCodeOrMessageTextAppearsInAnyLogLineOnThePatientPaths() {
        LogCapture.assertNoneLogged(this::walkThePatientPaths);
    }

    /** Every patient path a canary can take; returns the canaries, the issued code and secret among them. */
    List<String> walkThePatientPaths() {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Staff nurse = newStaff(org, Role.NURSE, "Nina Nurse");
        String mobile = Patients.mobile();
        String email = "canary." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";

        // The record: created over the API, and refused once with its details in the body.
        Response record = post(
                admin,
                "/api/v1/patients",
                Map.of(
                        "mrn",
                        MRN,
                        "givenName",
                        NAME,
                        "familyName",
                        NAME,
                        "birthDate",
                        BIRTH_DATE,
                        "mobile",
                        mobile,
                        "email",
                        email));
        assertThat(record.status()).as(record.text()).isEqualTo(201);
        post(
                admin,
                "/api/v1/patients",
                Map.of(
                        "mrn",
                        MRN,
                        "givenName",
                        NAME,
                        "familyName",
                        NAME,
                        "birthDate",
                        BIRTH_DATE,
                        "mobile",
                        "call " + mobile,
                        "email",
                        "not " + email));
        String c = conversations
                .create(
                        asCurrent(nurse),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.PATIENT,
                                "Kidney " + NAME,
                                record.string("id"),
                                true,
                                List.of(),
                                null))
                .id();
        sendText(nurse, c, BODY);

        // Codes: by SMS and by e-mail, for a wrong date of birth and a contact that is neither; wrong, then right.
        Response bySms = askForCode(mobile, BIRTH_DATE);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !Smsc.shared().to(mobile).isEmpty());
        String code = codeIn(Smsc.shared().to(mobile).getLast().text());
        askForCode(email, BIRTH_DATE);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Mailbox.to(email).isEmpty());
        askForCode(mobile, "1953-07-20");
        askForCode(mobile.substring(0, 6) + NAME, BIRTH_DATE);
        askForCode(mobile, "19.07.1953");
        post(null, "/api/v1/patient-access/sign-in", Map.of("request", bySms.string("request"), "code", "000000"));
        Response signedIn =
                post(null, "/api/v1/patient-access/sign-in", Map.of("request", bySms.string("request"), "code", code));
        assertThat(signedIn.status()).as(signedIn.text()).isEqualTo(200);
        post(
                null,
                "/api/v1/patient-access/password-sign-in",
                Map.of("contact", email, "birthDate", BIRTH_DATE, "password", "canary password " + NAME));

        // The day's notice by SMS only: refused once by the SMS centre, sent on the retry, then its delivery report.
        assertThat(call(
                                admin,
                                "PATCH",
                                "/api/v1/orgs/current",
                                Map.of(
                                        "notices",
                                        Map.of(
                                                "channels",
                                                List.of("sms"),
                                                "windowStart",
                                                "08:00",
                                                "windowEnd",
                                                "20:00",
                                                "timeZone",
                                                "UTC")))
                        .status())
                .isEqualTo(200);
        int before = Smsc.shared().to(mobile).size();
        clock.setTo(LocalDate.now(ZoneOffset.UTC).plusDays(1).atTime(10, 0).toInstant(ZoneOffset.UTC));
        Smsc.shared().refuseNext(1);
        notices.runOnce();
        clock.advance(Duration.ofMinutes(3));
        notices.runOnce();
        assertThat(Smsc.shared().to(mobile)).as("the notice, on its retry").hasSize(before + 1);
        Smsc.shared().deliveryReceipt(Smsc.shared().to(mobile).getLast(), DeliveryReceiptState.DELIVRD);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = "
                                        + "'SMS_DELIVERY_REPORTED' AND patient_id = ?")
                                .param(record.string("id"))
                                .query(Long.class)
                                .single()
                        == 1);

        return List.of(
                BODY,
                "creatinine",
                NAME,
                NAME.toLowerCase(java.util.Locale.ROOT),
                MRN,
                BIRTH_DATE,
                "1953-07-20",
                mobile.substring(3),
                email,
                code,
                bySms.string("request"),
                signedIn.json().get("csrfToken").asString());
    }

    Response askForCode(String contact, String birthDate) {
        return post(null, "/api/v1/patient-access/codes", Map.of("contact", contact, "birthDate", birthDate));
    }

    static String codeIn(String text) {
        Matcher m = CODE.matcher(text);
        assertThat(m.find()).as("a code in the SMS").isTrue();
        return m.group(1);
    }
}
