package org.carechat.realtime;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.carechat.availability.Availability;
import org.carechat.availability.AvailabilityService;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.message.MessageService;
import org.carechat.message.MessageView;
import org.carechat.sync.ResumePlan;
import org.carechat.sync.SyncService;
import org.carechat.system.CareChatProperties;
import org.carechat.urgent.UrgentService;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes timeline entries and receipts to open sockets (docs/delivery.md §Live delivery).
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
    private final MessageService messages;
    private final SyncService sync;
    private final AvailabilityService availability;
    private final UrgentService urgent;
    private final JsonMapper json;
    private final int pageLimit;
    private final int resumeLimit;
    private final ExecutorService drainers = Executors.newVirtualThreadPerTaskExecutor();

    LiveDelivery(
            ConnectionRegistry registry,
            ConversationService conversations,
            MessageService messages,
            SyncService sync,
            AvailabilityService availability,
            UrgentService urgent,
            JsonMapper json,
            Doorbell doorbell,
            CareChatProperties properties) {
        this.urgent = urgent;
        this.availability = availability;
        this.registry = registry;
        this.conversations = conversations;
        this.messages = messages;
        this.sync = sync;
        this.json = json;
        this.pageLimit = properties.messages().pageLimit();
        this.resumeLimit = properties.realtime().resumeLimit();
        doorbell.subscribe(this::onRing);
        doorbell.subscribeResync(this::resyncAll);
    }

    /**
     * Registers the client's cursors and sends what it missed, then {@code sync_complete}. The socket is already
     * registered, so rings during the catch-up are kept and drained afterwards: nothing falls between the two.
     */
    void resume(Connection c, Map<String, Long> cursors, SyncService.Others others) {
        ResumePlan plan = sync.plan(c.user, cursors, others);
        Map<String, Integer> sent = new HashMap<>();
        c.lock.lock();
        try {
            for (ResumePlan.Reset reset : plan.resets()) {
                send(c, new ServerFrame.Reset(reset.conversationId(), reset.reason()));
            }
            for (String watched : List.copyOf(c.pushed.keySet())) {
                if (!plan.startAfter().containsKey(watched)) {
                    c.pushed.remove(watched);
                    registry.unwatch(watched, c);
                }
            }
            plan.startAfter().forEach((conversationId, after) -> {
                c.pushed.put(conversationId, after);
                registry.watch(conversationId, c);
            });
            // Read now, after the watches are registered: an entry committed after the plan was made is either read
            // here or rings this socket afterwards. One query tells which conversations moved past their start, so
            // a user with thousands of conversations and nothing missed costs one read, not one per conversation.
            Map<String, Long> lastSeqs = new HashMap<>();
            conversations.conversationsOf(c.user).forEach(conv -> lastSeqs.put(conv.id(), conv.lastSeq()));
            plan.startAfter().forEach((conversationId, after) -> {
                if (lastSeqs.getOrDefault(conversationId, Long.MAX_VALUE) > after) {
                    sent.put(conversationId, pushLocked(c, conversationId, true, 0));
                }
            });
            c.resumed = true;
            // Audited before sync_complete: a client that saw the catch-up end finds it in the trail.
            sync.recordCatchUp(c.user, plan, sent, "resume");
            send(c, new ServerFrame.SyncComplete());
        } finally {
            c.lock.unlock();
        }
        scheduleDrain(c);
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
                for (Connection c : targets) {
                    c.markDirty(moved.conversationId(), moved.seq());
                    scheduleDrain(c);
                }
            }
            case Ring.MarkersMoved markers ->
                broadcast(
                        markers.conversationId(),
                        new ServerFrame.Receipt(
                                markers.conversationId(), markers.userId(), markers.readSeq(), markers.deliveredSeq()),
                        null,
                        markers.userId());
            case Ring.Typing typing ->
                broadcast(
                        typing.conversationId(),
                        new ServerFrame.TypingNotice(typing.conversationId(), typing.userId()),
                        typing.userId(),
                        typing.userId());
            case Ring.SessionEnded ended ->
                registry.ofDevice(ended.deviceId()).forEach(c -> c.close(SessionWatch.SESSION_ENDED));
            case Ring.AvailabilityChanged changed -> availabilityChanged(changed);
            case Ring.UrgentChanged changed -> urgentChanged(changed);
        }
    }

    /**
     * Tells the organisation's staff sockets a colleague's current availability (read now, so rings handled out of
     * order still end on the stored value). Patients are never told staff availability.
     */
    private void availabilityChanged(Ring.AvailabilityChanged changed) {
        Availability now = availability.of(changed.orgId(), changed.userId());
        String text =
                json.writeValueAsString(new ServerFrame.AvailabilityNotice(now.userId(), now.status(), now.until()));
        registry.all()
                .filter(c -> c.user.orgId().equals(changed.orgId()) && !c.user.isPatient())
                .forEach(c -> {
                    c.lock.lock();
                    try {
                        if (c.resumed) {
                            c.send(text);
                        }
                    } finally {
                        c.lock.unlock();
                    }
                });
    }

    /**
     * Tells the holder's open sockets an urgent alert's current state: {@code urgent} while pending, else
     * {@code urgent_cleared} — so an acknowledgement on one device stops the alert on every other at once.
     */
    private void urgentChanged(Ring.UrgentChanged changed) {
        urgent.alert(changed.orgId(), changed.alertId()).ifPresent(alert -> {
            ServerFrame frame = alert.pending()
                    ? urgent.pendingAlert(alert.orgId(), alert.id())
                            .<ServerFrame>map(ServerFrame.UrgentAlert::new)
                            .orElse(null)
                    : new ServerFrame.UrgentCleared(
                            alert.id(), alert.conversationId(), alert.seq(), alert.acknowledgedBy());
            if (frame == null) {
                return;
            }
            String text = json.writeValueAsString(frame);
            for (Connection c : registry.ofUser(alert.recipientId())) {
                c.lock.lock();
                try {
                    if (c.resumed) {
                        c.send(text);
                    }
                } finally {
                    c.lock.unlock();
                }
            }
        });
    }

    /**
     * Rings from other nodes may have been lost (the cluster listener reconnected): every resumed socket re-reads
     * each of its user's conversations from its own cursor, as if each had rung — including conversations the user
     * joined meanwhile.
     */
    private void resyncAll() {
        Map<String, List<org.carechat.conversation.Conversation>> byUser = new HashMap<>();
        registry.all().filter(c -> c.resumed).forEach(c -> {
            List<org.carechat.conversation.Conversation> list =
                    byUser.computeIfAbsent(c.user.userId(), user -> conversations.conversationsOf(c.user));
            list.forEach(conversation -> c.markDirty(conversation.id(), conversation.lastSeq()));
            scheduleDrain(c);
        });
    }

    /**
     * Sends {@code frame} to every resumed socket watching the conversation, except those of {@code exceptUser} and
     * those whose user may not be told about {@code subject} (a patient is never sent another patient's receipts or
     * typing).
     */
    private void broadcast(String conversationId, ServerFrame frame, String exceptUser, String subject) {
        String text = json.writeValueAsString(frame);
        for (Connection c : registry.watching(conversationId)) {
            if (c.user.userId().equals(exceptUser) || !c.privacy.mayName(subject)) {
                continue;
            }
            c.lock.lock();
            try {
                if (c.resumed && c.pushed.containsKey(conversationId)) {
                    c.send(text);
                }
            } finally {
                c.lock.unlock();
            }
        }
    }

    private void scheduleDrain(Connection c) {
        if (!c.session.isOpen()) {
            c.dirty.clear(); // a closed socket has nobody to push to; its client resumes from its cursors
            return;
        }
        if (!c.dirty.isEmpty() && c.draining.compareAndSet(false, true)) {
            drainers.execute(() -> drain(c));
        }
    }

    /**
     * One drainer per socket at a time; loops until no ring is left, then re-checks after letting go (a ring that
     * arrived between the last check and the release would otherwise wait for the next one).
     */
    private void drain(Connection c) {
        try {
            // Before the first resume, rings wait in dirty: resume drains them once the cursors are set.
            while (!c.dirty.isEmpty() && c.session.isOpen() && c.resumed) {
                for (String conversationId : List.copyOf(c.dirty.keySet())) {
                    Long rungSeq = c.dirty.remove(conversationId);
                    c.lock.lock();
                    try {
                        if (c.resumed) {
                            if (!c.pushed.containsKey(conversationId)) {
                                // A conversation this socket has not seen: the user may just have been added.
                                if (conversations
                                        .membership(c.user.orgId(), conversationId, c.user.userId())
                                        .isEmpty()) {
                                    continue;
                                }
                                c.pushed.put(
                                        conversationId, Math.max(0, rungSeq - SyncService.NEW_CONVERSATION_WINDOW));
                                registry.watch(conversationId, c);
                            }
                            pushLocked(c, conversationId, false, rungSeq);
                        }
                    } finally {
                        c.lock.unlock();
                    }
                }
            }
        } finally {
            c.draining.set(false);
        }
        scheduleDrain(c);
    }

    /**
     * Sends the entries after the socket's cursor for one conversation, as live events or as catch-up batches.
     * Holds {@code c.lock}. A live push stops once the rung seq is sent and takes just-committed entries from
     * memory when it can ({@code recentEntriesAfter}); any gap there, and every catch-up, reads the database.
     *
     * <p>Membership needs no query here: a removal is itself a timeline entry, written in the transaction that
     * deletes the membership. The socket is sent the entries up to and including its user's own
     * {@code member_removed}, then {@code reset}, and nothing after it. (A conversation the socket has not seen
     * yet is checked for membership when it is first rung, in {@link #drain}.)
     */
    private int pushLocked(Connection c, String conversationId, boolean catchUp, long rungSeq) {
        long after = c.pushed.get(conversationId);
        int sent = 0;
        while (true) {
            List<MessageView> page = List.of();
            if (!catchUp) {
                if (after >= rungSeq) {
                    return sent; // everything rung is sent; later entries ring again
                }
                page = messages.recentEntriesAfter(conversationId, after, pageLimit);
            }
            if (page.isEmpty()) {
                page = messages.entriesAfter(c.user.orgId(), conversationId, after, pageLimit);
            }
            int removedAt = indexOfOwnRemoval(page, c.user.userId());
            List<MessageView> visible = removedAt < 0 ? page : page.subList(0, removedAt + 1);
            if (visible.isEmpty()) {
                return sent;
            }
            after = visible.getLast().seq();
            sent += visible.size();
            c.pushed.put(conversationId, after);
            boolean limited = catchUp && removedAt < 0 && sent >= resumeLimit && page.size() == pageLimit;
            List<MessageView> shown =
                    visible.stream().map(entry -> entry.seenBy(c.privacy)).toList();
            if (catchUp) {
                send(c, new ServerFrame.Batch(conversationId, shown, limited, after));
            } else {
                shown.forEach(entry -> send(c, new ServerFrame.Event(conversationId, entry.seq(), entry)));
            }
            if (removedAt >= 0) {
                c.pushed.remove(conversationId);
                registry.unwatch(conversationId, c);
                send(c, new ServerFrame.Reset(conversationId, "left"));
                return sent;
            }
            if (limited || catchUp && page.size() < pageLimit) {
                return sent; // a live push loops until the rung seq is sent or the database has nothing more
            }
        }
    }

    private static int indexOfOwnRemoval(List<MessageView> page, String userId) {
        for (int i = 0; i < page.size(); i++) {
            MessageView entry = page.get(i);
            if ("member_removed".equals(entry.kind())
                    && entry.meta() != null
                    && userId.equals(entry.meta().get("userId"))) {
                return i;
            }
        }
        return -1;
    }

    void send(Connection c, ServerFrame frame) {
        c.send(json.writeValueAsString(frame));
    }

    @Override
    public void destroy() {
        drainers.shutdownNow();
    }
}
