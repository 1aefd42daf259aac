package org.carechat.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.TimelineEntry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A live entry's frame is serialised once for all the sockets it goes to, and only for that very entry. */
class EventFramesTest {

    private final EventFrames frames = new EventFrames(JsonMapper.builder().build());

    private static TimelineEntry entry(long seq, String body) {
        return new TimelineEntry(
                "m-" + seq,
                "c1",
                seq,
                EntryKind.TEXT,
                "u1",
                "Ann",
                "k" + seq,
                body,
                Map.of(),
                1L,
                false,
                null,
                null,
                null);
    }

    @Test
    void theSameEntryPushedToManySocketsIsSerialisedOnceAndSentAsTheSameFrame() {
        TimelineEntry entry = entry(7, "hello");
        String first = frames.of("c1", entry);
        for (int socket = 0; socket < 19; socket++) {
            assertThat(frames.of("c1", entry)).isSameAs(first);
        }
        assertThat(first).contains("\"type\":\"event\"").contains("\"seq\":7").contains("hello");
    }

    @Test
    void anotherEntryObjectAtTheSameSeqIsSerialisedAfreshNeverGivenTheOldFrame() {
        String before = frames.of("c1", entry(8, "before"));
        String after = frames.of("c1", entry(8, "after it was re-read"));
        assertThat(after).isNotSameAs(before).contains("after it was re-read").doesNotContain("before");
    }
}
