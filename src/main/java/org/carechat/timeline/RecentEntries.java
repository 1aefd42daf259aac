package org.carechat.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The last few committed text entries of recently active conversations, so that live pushes of a new message to
 * its members' sockets do not each read it back from the database.
 *
 * <p>Only committed entries go in: {@link Timeline} puts a text through {@code Transactions.afterCommit}, before the
 * doorbell rings, so never one whose unit of work was undone; it is exactly as it would be read from the database, so
 * a push from here equals a push from a database read. A lookup answers only a gap-free run starting right after the
 * caller's cursor; anything else (an event entry, an evicted conversation) is a miss and the caller reads the
 * database. Deleting a text forgets its conversation.
 */
@Component
class RecentEntries {

    static final int PER_CONVERSATION = 32;
    static final int CONVERSATIONS = 2_000;

    private final Map<String, TreeMap<Long, TimelineEntry>> byConversation = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TreeMap<Long, TimelineEntry>> eldest) {
            return size() > CONVERSATIONS;
        }
    };

    synchronized void put(TimelineEntry entry) {
        TreeMap<Long, TimelineEntry> entries =
                byConversation.computeIfAbsent(entry.conversationId(), k -> new TreeMap<>());
        entries.put(entry.seq(), entry);
        while (entries.size() > PER_CONVERSATION) {
            entries.pollFirstEntry();
        }
    }

    synchronized void forget(String conversationId) {
        byConversation.remove(conversationId);
    }

    /** When the cached entry at {@code seq} was committed, if it is cached. */
    synchronized java.util.OptionalLong createdAt(String conversationId, long seq) {
        TreeMap<Long, TimelineEntry> entries = byConversation.get(conversationId);
        TimelineEntry entry = entries == null ? null : entries.get(seq);
        return entry == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(entry.createdAt());
    }

    /** The cached entries {@code after+1, after+2, ...} with no gap, at most {@code limit}; empty on a miss. */
    synchronized List<TimelineEntry> after(String conversationId, long after, int limit) {
        TreeMap<Long, TimelineEntry> entries = byConversation.get(conversationId);
        List<TimelineEntry> run = new ArrayList<>();
        if (entries == null) {
            return run;
        }
        for (long seq = after + 1; run.size() < limit; seq++) {
            TimelineEntry entry = entries.get(seq);
            if (entry == null) {
                break;
            }
            run.add(entry);
        }
        return run;
    }
}
