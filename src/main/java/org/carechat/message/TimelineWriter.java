package org.carechat.message;

import java.time.Clock;
import java.util.Map;
import org.carechat.conversation.ConversationTimeline;
import org.carechat.storage.Ids;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes the event entries of conversation timelines for the conversation feature. */
@Component
class TimelineWriter implements ConversationTimeline {

    private final MessageRepository repository;
    private final JsonMapper json;
    private final Ids ids;
    private final Clock clock;

    TimelineWriter(MessageRepository repository, JsonMapper json, Ids ids, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public void appendEvent(
            String orgId, String conversationId, long seq, String actorId, String kind, Map<String, Object> meta) {
        repository.insert(new StoredMessage(
                ids.next(),
                orgId,
                conversationId,
                seq,
                actorId,
                null,
                kind,
                null,
                json.writeValueAsString(meta),
                clock.millis(),
                null));
    }
}
