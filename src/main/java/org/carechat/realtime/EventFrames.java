package org.carechat.realtime;

import java.util.LinkedHashMap;
import java.util.Map;
import org.carechat.timeline.TimelineEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code event} frames of just-pushed entries, serialised once for all the sockets they go to (a group message
 * goes to every member's devices). Only for staff viewers, who see an entry unchanged; a patient's view of it is
 * serialised on its own. A frame is reused only for the very same entry object — the one the timeline's cache of
 * just-committed entries hands every socket — so an entry read afresh from the database is serialised anew.
 */
final class EventFrames {

    static final int REMEMBERED = 4_096;

    private record Frame(TimelineEntry entry, String json) {}

    private final JsonMapper json;
    private final Map<String, Frame> frames = new LinkedHashMap<>(512, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Frame> eldest) {
            return size() > REMEMBERED;
        }
    };

    EventFrames(JsonMapper json) {
        this.json = json;
    }

    /** The {@code event} frame of {@code entry} (as shown to this socket's viewer) in {@code conversationId}. */
    String of(String conversationId, TimelineEntry entry) {
        String key = conversationId + ':' + entry.seq();
        synchronized (frames) {
            Frame frame = frames.get(key);
            if (frame != null && frame.entry() == entry) {
                return frame.json();
            }
        }
        String serialised = json.writeValueAsString(new ServerFrame.Event(conversationId, entry.seq(), entry));
        synchronized (frames) {
            frames.put(key, new Frame(entry, serialised));
        }
        return serialised;
    }
}
