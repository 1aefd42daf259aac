package org.carechat.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.patient.Patient;
import org.carechat.testing.MutableClock;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * "Read by" with times: each member who read a message, with when their read marker first reached it, earliest
 * first; never its sender; a patient sees staff only; an event or a deleted message has none.
 */
abstract class ReadByScenarios extends ServerTest {

    static final Instant NINE = Instant.parse("2026-12-05T09:00:00Z");

    @Autowired
    MutableClock clock;

    Organisation org;
    Staff alice;
    Staff bob;
    Staff cat;

    @BeforeEach
    void ward() {
        org = newOrg();
        alice = newStaff(org, Role.CLINICIAN, "Alice Adams");
        bob = newStaff(org, Role.NURSE, "Bob Brown");
        cat = newStaff(org, Role.NURSE, "Cat Cole");
    }

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    @Test
    void eachReaderIsListedWithWhenTheirReadMarkerFirstReachedTheMessageEarliestFirst() {
        String c = group(alice, bob, cat);
        long first = sendText(alice, c, "Bed 7 obs due");
        long second = sendText(alice, c, "Bed 8 too");
        clock.freezeAt(NINE);
        read(cat, c, second); // Cat reads both at 9:00
        clock.advance(Duration.ofMinutes(5));
        read(bob, c, first); // Bob reads the first at 9:05
        clock.advance(Duration.ofMinutes(10));
        read(bob, c, second); // and the second at 9:15

        assertThat(readers(alice, c, first))
                .containsExactly(
                        "Cat Cole@" + NINE.toEpochMilli(),
                        "Bob Brown@" + NINE.plusSeconds(300).toEpochMilli());
        assertThat(readers(alice, c, second))
                .containsExactly(
                        "Cat Cole@" + NINE.toEpochMilli(),
                        "Bob Brown@" + NINE.plusSeconds(900).toEpochMilli());
        assertThat(readers(bob, c, second)).as("any member may ask").hasSize(2);
    }

    @Test
    void theSenderIsNotAReaderAnEventOrDeletedMessageHasNoneAndASeqBeyondTheNewestIsNotFound() {
        String c = group(alice, bob);
        long seq = sendText(alice, c, "Handover at 7");
        long reply = sendText(bob, c, "OK");
        assertThat(readers(alice, c, seq))
                .as("Bob's send moved his marker, but he is not timed")
                .hasSize(1);
        assertThat(readers(bob, c, reply)).as("Alice has not read Bob's reply").isEmpty();
        assertThat(get(alice, "/api/v1/conversations/" + c + "/messages/1/readers")
                        .json())
                .as("seq 1 is the conversation's creation, not a message: no readers")
                .isEmpty();
        call(alice, "DELETE", "/api/v1/conversations/" + c + "/messages/" + seq, null);
        assertThat(get(alice, "/api/v1/conversations/" + c + "/messages/" + seq + "/readers")
                        .json())
                .as("a deleted message has none")
                .isEmpty();
        assertThat(get(alice, "/api/v1/conversations/" + c + "/messages/999/readers")
                        .status())
                .isEqualTo(404);
        assertThat(get(cat, "/api/v1/conversations/" + c + "/messages/" + seq + "/readers")
                        .status())
                .as("not a member")
                .isEqualTo(404);
        assertThat(get(alice, "/api/v1/conversations/" + c + "/messages/0/readers")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aPatientSeesOnlyStaffAmongTheReaders() {
        Patient annRecord = patientRecord(org, "Annabel", "Aardvark", "1971-01-01", null, null);
        Patient benRecord = patientRecord(org, "Benedict", "Bumblebee", "1972-02-02", null, null);
        Staff ann = patientAccount(annRecord);
        Staff ben = patientAccount(benRecord);
        String c = conversations
                .create(
                        asCurrent(alice),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.MIXED,
                                "Knee class",
                                annRecord.id(),
                                true,
                                List.of(ann.id(), ben.id(), bob.id()),
                                null))
                .id();
        long seq = sendText(ann, c, "Is Tuesday still on?");
        read(ben, c, seq);
        read(bob, c, seq);
        JsonNode shown = get(ann, "/api/v1/conversations/" + c + "/messages/" + seq + "/readers")
                .json();
        assertThat(shown.toString()).doesNotContain(ben.id(), "Benedict");
        assertThat(names(shown)).containsExactly("Bob Brown");
    }

    private void read(Staff who, String c, long upTo) {
        assertThat(post(who, "/api/v1/conversations/" + c + "/read", Map.of("upTo", upTo))
                        .status())
                .isEqualTo(204);
    }

    private List<String> readers(Staff as, String c, long seq) {
        JsonNode list = get(as, "/api/v1/conversations/" + c + "/messages/" + seq + "/readers")
                .json();
        List<String> shown = new ArrayList<>();
        list.forEach(r -> shown.add(
                r.get("displayName").asString() + "@" + r.path("readAt").asLong()));
        return shown;
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(r -> names.add(r.get("displayName").asString()));
        return names;
    }
}
