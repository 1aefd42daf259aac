package org.carechat.realtime;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.conversation.ConversationPositions;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.sync.ResumePlan;
import org.carechat.sync.SyncService;
import org.carechat.system.CareChatProperties;
import org.carechat.timeline.Timeline;
import org.carechat.timeline.TimelineEntry;
import org.carechat.web.ApiProblem;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes timeline entries to open sockets (docs/delivery.md §Live delivery); receipts and typing are
 * {@link ReceiptFanOut}'s.
 *
 * <p>The database is the truth and a ring is only a doorbell: on a ring, each socket that watches the
 * conversation (or belongs to a current member) reads the entries after its own {@code pushed} cursor and sends
 * them. Because the read starts from the socket's cursor, not from the ring, rings may be lost, merged or
 * reordered without losing or repeating anything. A removed member's socket gets the removal, {@code reset}
 * and nothing more.
 */
@Component
class LiveDelivery implements DisposableBean {

    private final ConnectionRegistry registry;
    private final ConversationService conversations;
    private final ConversationPositions positions;
    private final Timeline timeline;
    private final SyncService sync;
    private final JsonMapper json;
    private final int pageLimit;
    private final int resumeLimit;
    private final EventFrames eventFrames;
    private final ExecutorService drainers = Executors.newVirtualThreadPerTaskExecutor();

    LiveDelivery(
            ConnectionRegistry registry,
            ConversationService conversations,
            ConversationPositions positions,
            Timeline timeline,
            SyncService sync,
            JsonMapper json,
            Doorbell doorbell,
            CareChatProperties properties) {
        this.registry = registry;
        this.conversations = conversations;
        this.positions = positions;
        this.timeline = timeline;
        this.sync = sync;
        this.json = json;
        this.eventFrames = new EventFrames(json);
        this.pageLimit = properties.messages().pageLimit();
        this.resumeLimit = properties.realtime().resumeLimit();
        doorbell.subscribe(this::onRing);
        doorbell.subscribeResync(this::resyncAll);
    }

    /**
     * Registers the client's cursors and sends what it missed, then {@code sync_complete}. The socket is already
     * registered, so rings during the catch-up are kept and drained afterwards: nothing falls between the two.
     */
    void resume(Connection connection, Map<String, Long> cursors, SyncService.Others others) {
        ResumePlan plan = sync.plan(connection.user, cursors, others);
        Map<String, Integer> sent = new HashMap<>();
        connection.lock.lock();
        try {
            for (ResumePlan.Reset reset : plan.resets()) {
                send(connection, new ServerFrame.Reset(reset.conversationId(), reset.reason()));
            }
            for (String watched : List.copyOf(connection.pushed.keySet())) {
                if (!plan.startAfter().containsKey(watched)) {
                    connection.pushed.remove(watched);
                    registry.unwatch(watched, connection);
                }
            }
            plan.startAfter().forEach((conversationId, after) -> {
                connection.pushed.put(conversationId, after);
                registry.watch(conversationId, connection);
            });
            // Read now, after the watches are registered: an entry committed after the plan was made is either read
            // here or rings this socket afterwards. One query tells which conversations moved past their start, so
            // a user with thousands of conversations and nothing missed costs one read, not one per conversation.
            Map<String, Long> lastSeqs = new HashMap<>();
            positions.of(connection.user).forEach(conv -> lastSeqs.put(conv.id(), conv.lastSeq()));
            plan.startAfter().forEach((conversationId, after) -> {
                if (lastSeqs.getOrDefault(conversationId, Long.MAX_VALUE) > after) {
                    sent.put(conversationId, pushLocked(connection, conversationId, true, 0));
                }
            });
            connection.resumed = true;
            // Audited before sync_complete: a client that saw the catch-up end finds it in the trail.
            sync.recordCatchUp(connection.user, plan, sent, "resume");
            send(connection, new ServerFrame.SyncComplete());
        } finally {
            connection.lock.unlock();
        }
        scheduleDrain(connection);
    }

    /**
     * Follows one more conversation on this socket from {@code after} on (the {@code watch} frame): what the caller may
     * read without being a member, such as a contact request's thread. The entries after {@code after} are sent as a
     * catch-up, then live, exactly as after a resume.
     *
     * @throws ApiProblem 404 when the caller may not follow it (the same answer whether or not it exists)
     */
    void watch(Connection connection, String conversationId, long after) {
        ResumePlan plan = sync.planOne(connection.user, conversationId, Math.max(0, after))
                .orElseThrow(() -> ApiProblem.notFound("Conversation " + conversationId));
        long start = plan.startAfter().get(conversationId);
        Map<String, Integer> sent = new HashMap<>();
        connection.lock.lock();
        try {
            if (!connection.resumed) {
                throw ApiProblem.badRequest("Send resume before watch");
            }
            for (ResumePlan.Reset reset : plan.resets()) {
                send(connection, new ServerFrame.Reset(reset.conversationId(), reset.reason()));
            }
            connection.pushed.put(conversationId, start);
            registry.watch(conversationId, connection);
            sent.put(conversationId, pushLocked(connection, conversationId, true, 0));
        } finally {
            connection.lock.unlock();
        }
        sync.recordCatchUp(connection.user, plan, sent, "watch");
        scheduleDrain(connection);
    }

    /** Stops following a conversation on this socket (the {@code unwatch} frame); one not followed changes nothing. */
    void unwatch(Connection connection, String conversationId) {
        connection.lock.lock();
        try {
            if (conversations
                    .membership(connection.user.orgId(), conversationId, connection.user.userId())
                    .isPresent()) {
                return; // a member's own conversations stay followed for as long as the socket lives
            }
            connection.pushed.remove(conversationId);
            registry.unwatch(conversationId, connection);
        } finally {
            connection.lock.unlock();
        }
    }

    private void onRing(Ring ring) {
        switch (ring) {
            case Ring.TimelineMoved moved -> {
                // Every resumed socket of a member watches all its conversations; only a membership change can
                // concern a socket that does not watch this one yet.
                Set<Connection> targets = new HashSet<>(registry.watching(moved.conversationId()));
                if (moved.membersChanged()) {
                    for (Member m : conversations.members(moved.orgId(), moved.conversationId())) {
                        targets.addAll(registry.ofUser(m.userId()));
                    }
                }
                for (Connection connection : targets) {
                    connection.markDirty(moved.conversationId(), moved.seq());
                    scheduleDrain(connection);
                }
            }
            case Ring.SessionEnded ended ->
                registry.ofDevice(ended.deviceId()).forEach(connection -> connection.close(SessionWatch.SESSION_ENDED));
            case Ring.MarkersMoved markers -> {} // ReceiptFanOut's
            case Ring.Typing typing -> {} // ReceiptFanOut's
            case Ring.AvailabilityChanged changed -> {} // UserNotices'
            case Ring.UrgentChanged changed -> {} // UserNotices'
            case Ring.ContactRequestChanged changed -> {} // UserNotices'
        }
    }

    /**
     * Rings from other nodes may have been lost (the cluster listener reconnected): every resumed socket re-reads
     * each of its user's conversations from its own cursor, as if each had rung — including conversations the user
     * joined meanwhile.
     */
    private void resyncAll() {
        Map<String, List<ConversationPositions.Position>> byUser = new HashMap<>();
        registry.all().filter(connection -> connection.resumed).forEach(connection -> {
            List<ConversationPositions.Position> list =
                    byUser.computeIfAbsent(connection.user.userId(), user -> positions.of(connection.user));
            list.forEach(conversation -> connection.markDirty(conversation.id(), conversation.lastSeq()));
            scheduleDrain(connection);
        });
    }

    private void scheduleDrain(Connection connection) {
        if (!connection.session.isOpen()) {
            connection.dirty.clear(); // a closed socket has nobody to push to; its client resumes from its cursors
            return;
        }
        if (!connection.dirty.isEmpty() && connection.draining.compareAndSet(false, true)) {
            drainers.execute(() -> drain(connection));
        }
    }

    /**
     * One drainer per socket at a time; loops until no ring is left, then re-checks after letting go (a ring that
     * arrived between the last check and the release would otherwise wait for the next one).
     */
    private void drain(Connection connection) {
        try {
            // Before the first resume, rings wait in dirty: resume drains them once the cursors are set.
            while (!connection.dirty.isEmpty() && connection.session.isOpen() && connection.resumed) {
                for (String conversationId : List.copyOf(connection.dirty.keySet())) {
                    Long rungSeq = connection.dirty.remove(conversationId);
                    connection.lock.lock();
                    try {
                        if (connection.resumed) {
                            if (!connection.pushed.containsKey(conversationId)) {
                                // A conversation this socket has not seen: the user may just have been added.
                                if (conversations
                                        .membership(connection.user.orgId(), conversationId, connection.user.userId())
                                        .isEmpty()) {
                                    continue;
                                }
                                connection.pushed.put(
                                        conversationId, Math.max(0, rungSeq - SyncService.NEW_CONVERSATION_WINDOW));
                                registry.watch(conversationId, connection);
                            }
                            pushLocked(connection, conversationId, false, rungSeq);
                        }
                    } finally {
                        connection.lock.unlock();
                    }
                }
            }
        } finally {
            connection.draining.set(false);
        }
        scheduleDrain(connection);
    }

    /**
     * Sends the entries after the socket's cursor for one conversation, as live events or as catch-up batches.
     * Holds {@code connection.lock}. A live push stops once the rung seq is sent and takes just-committed entries from
     * memory when it can ({@code Timeline.justCommittedAfter}); any gap there, and every catch-up, reads the database.
     *
     * <p>Membership needs no query here: a removal is itself a timeline entry, written in the transaction that
     * deletes the membership. The socket is sent the entries up to and including its user's own
     * {@code member_removed}, then {@code reset}, and nothing after it. (A conversation the socket has not seen
     * yet is checked for membership when it is first rung, in {@link #drain}.)
     */
    private int pushLocked(Connection connection, String conversationId, boolean catchUp, long rungSeq) {
        long after = connection.pushed.get(conversationId);
        int sent = 0;
        while (true) {
            List<TimelineEntry> page = List.of();
            if (!catchUp) {
                if (after >= rungSeq) {
                    return sent; // everything rung is sent; later entries ring again
                }
                page = timeline.justCommittedAfter(conversationId, after, pageLimit);
            }
            if (page.isEmpty()) {
                page = timeline.after(connection.user.orgId(), conversationId, after, pageLimit);
            }
            int removedAt = indexOfOwnRemoval(page, connection.user.userId());
            List<TimelineEntry> visible = removedAt < 0 ? page : page.subList(0, removedAt + 1);
            if (visible.isEmpty()) {
                return sent;
            }
            after = visible.getLast().seq();
            sent += visible.size();
            connection.pushed.put(conversationId, after);
            boolean limited = catchUp && removedAt < 0 && sent >= resumeLimit && page.size() == pageLimit;
            List<TimelineEntry> shown =
                    visible.stream().map(connection.privacy::entry).toList();
            if (catchUp) {
                send(connection, new ServerFrame.Batch(conversationId, shown, limited, after));
            } else {
                shown.forEach(entry -> connection.send(
                        connection.privacy.restricted()
                                ? json.writeValueAsString(new ServerFrame.Event(conversationId, entry.seq(), entry))
                                : eventFrames.of(conversationId, entry)));
            }
            if (removedAt >= 0) {
                connection.pushed.remove(conversationId);
                registry.unwatch(conversationId, connection);
                send(connection, new ServerFrame.Reset(conversationId, "left"));
                return sent;
            }
            if (limited || catchUp && page.size() < pageLimit) {
                return sent; // a live push loops until the rung seq is sent or the database has nothing more
            }
        }
    }

    private static int indexOfOwnRemoval(List<TimelineEntry> page, String userId) {
        for (int i = 0; i < page.size(); i++) {
            if (page.get(i).removes(userId)) {
                return i;
            }
        }
        return -1;
    }

    void send(Connection connection, ServerFrame frame) {
        connection.send(json.writeValueAsString(frame));
    }

    @Override
    public void destroy() {
        drainers.shutdownNow();
    }
}
