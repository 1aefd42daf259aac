package org.carechat.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The kinds of timeline entries keep the wire names the web apps switch on. */
class EntryKindTest {

    @Test
    void theWireNamesAreTheReleasedOnes() {
        assertThat(Arrays.stream(EntryKind.values()).map(EntryKind::code))
                .containsExactly(
                        "text",
                        "conversation_created",
                        "member_added",
                        "member_removed",
                        "settings_changed",
                        "message_deleted",
                        "urgent_acknowledged",
                        "urgent_escalated",
                        "forwarded",
                        "contact_status",
                        "contact_assigned",
                        "contact_linked",
                        "contact_converted",
                        "sms_out",
                        "sms_in",
                        "sms_status",
                        "purged",
                        "filed");
        for (EntryKind kind : EntryKind.values()) {
            assertThat(EntryKind.of(kind.code())).isSameAs(kind);
        }
        assertThatThrownBy(() -> EntryKind.of("TEXT")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEntryIsWrittenWithItsKindsWireName() {
        TimelineEntry entry = new TimelineEntry(
                "m1",
                "c1",
                7,
                EntryKind.MEMBER_ADDED,
                "u1",
                "Ann",
                null,
                null,
                Map.of("userId", "u2"),
                1,
                false,
                null,
                null,
                null);
        String json = JsonMapper.builder().build().writeValueAsString(entry);
        assertThat(json).contains("\"kind\":\"member_added\"");
        assertThat(entry.removes("u2")).isFalse();
    }

    @Test
    void onlyTextsAndSmsCarryTextAndOnlyMembershipChangesLookMembersUpAgain() {
        assertThat(EntryKind.textCodes()).containsExactly("text", "sms_out", "sms_in");
        assertThat(Arrays.stream(EntryKind.values()).filter(EntryKind::changesMembers))
                .containsExactly(
                        EntryKind.CONVERSATION_CREATED,
                        EntryKind.MEMBER_ADDED,
                        EntryKind.MEMBER_REMOVED,
                        EntryKind.SETTINGS_CHANGED);
    }
}
