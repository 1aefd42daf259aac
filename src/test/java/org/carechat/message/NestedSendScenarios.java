package org.carechat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.carechat.web.ApiProblem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sends made inside another unit of work (as forwarded copies and escalations are, inside the original's send or the
 * escalation): a retry gives back the seq it took and a refusal leaves nothing, exactly as a send of its own would —
 * the timeline stays gap-free and the outer unit commits the rest.
 */
abstract class NestedSendScenarios extends ServerTest {

    @Autowired
    MessageService messages;

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff ann;
    Staff ben;

    @BeforeEach
    void ward() {
        org = newOrg();
        ann = newStaff(org, Role.CLINICIAN, "Ann");
        ben = newStaff(org, Role.NURSE, "Ben");
    }

    long lastSeq(String conversationId) {
        return jdbc.sql("SELECT last_seq FROM conversation WHERE id = ?")
                .param(conversationId)
                .query(Long.class)
                .single();
    }

    List<Long> seqs(String conversationId) {
        return jdbc.sql("SELECT seq FROM message WHERE conversation_id = ? ORDER BY seq")
                .param(conversationId)
                .query(Long.class)
                .list();
    }

    @Test
    void aRetriedSendInsideAnotherUnitGivesItsSeqBack() {
        String c = group(ann, ben);
        long before = sendText(ann, c, "before");
        AtomicReference<MessageService.Sent> retried = new AtomicReference<>();
        transactions.run(() -> {
            messages.send(asCurrent(ann), c, "nested-1", "first try");
            retried.set(messages.send(asCurrent(ann), c, "nested-1", "first try"));
        });
        assertThat(retried.get().duplicate()).isTrue();
        assertThat(retried.get().seq()).isEqualTo(before + 1);
        assertThat(lastSeq(c)).as("the retry's seq was given back").isEqualTo(before + 1);
        assertThat(sendText(ann, c, "after")).isEqualTo(before + 2);
        List<Long> seqs = seqs(c);
        assertThat(seqs).as("gap-free").containsExactlyElementsOf(rangeTo(seqs.getLast()));
    }

    @Test
    void aSendRefusedAfterItsInsertInsideAnotherUnitLeavesNoEntryAndNoSeq() {
        String alone = conversations
                .create(
                        asCurrent(ann),
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Just me",
                                null,
                                true,
                                List.of(),
                                null))
                .id();
        long before = sendText(ann, alone, "a note to self");
        transactions.run(() -> assertThatThrownBy(
                        () -> messages.send(asCurrent(ann), alone, "urgent-alone", "nobody to acknowledge", true))
                .isInstanceOf(ApiProblem.class)
                .hasMessage("An urgent message needs a colleague in the conversation to acknowledge it"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE client_msg_id = 'urgent-alone'")
                        .query(Long.class)
                        .single())
                .as("the refused urgent message is not stored")
                .isZero();
        assertThat(lastSeq(alone)).isEqualTo(before);
        assertThat(sendText(ann, alone, "next")).isEqualTo(before + 1);
    }

    private static List<Long> rangeTo(long last) {
        return java.util.stream.LongStream.rangeClosed(1, last).boxed().toList();
    }
}
