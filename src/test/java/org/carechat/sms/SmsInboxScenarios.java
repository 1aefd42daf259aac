package org.carechat.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.system.CareChatProperties;
import org.carechat.testing.MutableClock;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Smsc;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What the inbox does with texts that do not fit the common case, over the real SMPP link: parts of a concatenated
 * SMS whose other parts never come, a phone reusing its reference for a new long text, and a text to a number no
 * organisation uses. Nothing a patient sends is dropped.
 */
@Timeout(120)
abstract class SmsInboxScenarios extends ServerTest {

    @Autowired
    CareChatProperties properties;

    @Autowired
    SmsInbox inbox;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    final Smsc smsc = Smsc.shared();
    Staff admin;
    String number;

    @BeforeEach
    void organisation() {
        Organisation org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        number = "4420" + digits(8);
        Response set = call(
                admin,
                "PUT",
                "/api/v1/orgs/current/contact-settings",
                Map.of("smsNumber", "+" + number, "acknowledgement", "", "closedAnswer", "", "reasons", List.of()));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.isBound(systemType()));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void thePartsThatCameAreDeliveredMarkedIncompleteWhenTheOthersNeverCome() {
        String mobile = mobile();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        smsc.moPart(systemType(), mobile, number, "The first half arrives, ", 77, 3, 1, true)
                                ::acknowledged);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        smsc.moPart(systemType(), mobile, number, "and so does the third.", 77, 3, 3, true)
                                ::acknowledged);
        inbox.deliverOverdue();
        assertThat(textsFrom(mobile)).as("not before the part timeout").isEmpty();

        clock.advance(properties.sms().partTimeout().plusSeconds(1));
        inbox.deliverOverdue();
        List<JsonNode> texts = textsFrom(mobile);
        assertThat(texts).singleElement().satisfies(e -> {
            assertThat(e.get("body").asString())
                    .isEqualTo("The first half arrives,  […part 2 of 3 did not arrive…] and so does the third.");
            assertThat(e.get("meta").get("incomplete").asBoolean()).isTrue();
        });
        inbox.deliverOverdue();
        assertThat(textsFrom(mobile)).as("delivered once").hasSize(1);
    }

    @Test
    void aPhoneReusingItsReferenceForANewLongTextMakesASecondMessage() {
        String mobile = mobile();
        smsc.moPart(systemType(), mobile, number, "Monday: ", 5, 2, 1, true);
        smsc.moPart(systemType(), mobile, number, "see you at nine.", 5, 2, 2, true);
        smsc.moPart(systemType(), mobile, number, "Tuesday: ", 5, 2, 1, true);
        await().atMost(Duration.ofSeconds(30))
                .until(smsc.moPart(systemType(), mobile, number, "see you at ten.", 5, 2, 2, true)::acknowledged);
        assertThat(textsFrom(mobile))
                .extracting(e -> e.get("body").asString())
                .containsExactly("Monday: see you at nine.", "Tuesday: see you at ten.");
    }

    @Test
    void aTextToANumberNoOrganisationUsesIsAcknowledgedAndKeptSealed() {
        String mobile = mobile();
        String nobodysNumber = "4420" + digits(8);
        Smsc.Mo mo = smsc.mo(systemType(), mobile, nobodysNumber, "Hello, is anyone there? SealedCanary");
        await().atMost(Duration.ofSeconds(30)).until(mo::acknowledged);
        Long kept = jdbc.sql("SELECT COUNT(*) FROM sms_inbound WHERE org_id IS NULL AND unrouted_body IS NOT NULL "
                        + "AND received_at >= ?")
                .param(clock.millis() - 60_000)
                .query(Long.class)
                .single();
        assertThat(kept).isPositive();
        assertThat(jdbc.sql("SELECT unrouted_body FROM sms_inbound WHERE unrouted_body IS NOT NULL")
                        .query(String.class)
                        .list())
                .noneMatch(stored -> stored.contains("SealedCanary") || stored.contains(mobile.substring(1)));
    }

    List<JsonNode> textsFrom(String mobile) {
        Response found = post(admin, "/api/v1/contact-requests/queue", Map.of("q", mobile));
        assertThat(found.status()).as(found.text()).isEqualTo(200);
        if (found.json().isEmpty()) {
            return List.of();
        }
        String id = found.json().get(0).get("id").asString();
        return get(admin, "/api/v1/contact-requests/" + id + "/messages?limit=200")
                .json()
                .valueStream()
                .filter(e -> e.get("kind").asString().equals("sms_in"))
                .toList();
    }

    String systemType() {
        return properties.sms().systemType();
    }

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
}
