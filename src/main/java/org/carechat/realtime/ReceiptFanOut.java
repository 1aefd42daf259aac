package org.carechat.realtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends receipts and typing notices to the sockets watching a conversation (docs/delivery.md §Live delivery).
 *
 * <p>Receipts are coalesced per conversation: the first marker move of a quiet conversation goes out at once; the
 * moves that follow within {@link #WINDOW} are merged per member and sent together when the window ends. A member's
 * markers only move forward and a client keeps the highest values it has seen, so the newest value is all it needs:
 * in a busy group, where every member acknowledges every message, each socket gets at most one receipt per member per
 * window instead of one per acknowledgement per member. Typing notices go out at once (they are not cumulative).
 */
@Component
class ReceiptFanOut implements DisposableBean {

    /** How long a conversation's receipts may wait to be merged: a few frames a second at most. */
    static final Duration WINDOW = Duration.ofMillis(200);

    private final ConnectionRegistry registry;
    private final JsonMapper json;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("receipt-window").daemon().factory());
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    ReceiptFanOut(ConnectionRegistry registry, JsonMapper json, Doorbell doorbell) {
        this.registry = registry;
        this.json = json;
        doorbell.subscribe(this::onRing);
    }

    /** The receipts of one conversation waiting for its window to end, newest markers per member. */
    private static final class Window {
        final Map<String, Ring.MarkersMoved> pending = new LinkedHashMap<>();
        boolean open; // a window is running: moves wait for its end
        boolean closed; // ended quiet and left the map: a move that still holds it takes a new one
    }

    private void onRing(Ring ring) {
        switch (ring) {
            case Ring.MarkersMoved markers -> moved(markers);
            case Ring.Typing typing ->
                broadcast(
                        typing.conversationId(),
                        new ServerFrame.TypingNotice(typing.conversationId(), typing.userId()),
                        typing.userId(),
                        typing.userId());
            default -> {} // LiveDelivery's and UserNotices'
        }
    }

    private void moved(Ring.MarkersMoved markers) {
        while (true) {
            Window window = windows.computeIfAbsent(markers.conversationId(), id -> new Window());
            synchronized (window) {
                if (window.closed) {
                    continue;
                }
                window.pending.merge(markers.userId(), markers, ReceiptFanOut::newest);
                if (window.open) {
                    return; // sent when the window ends
                }
                window.open = true;
            }
            flush(markers.conversationId(), window); // the first move of a quiet conversation: at once
            return;
        }
    }

    /**
     * Sends what the window holds and opens the next one; a window that ends with nothing pending closes, and the
     * conversation is quiet again.
     */
    private void flush(String conversationId, Window window) {
        List<Ring.MarkersMoved> due;
        synchronized (window) {
            if (window.pending.isEmpty()) {
                window.closed = true;
                windows.remove(conversationId, window);
                return;
            }
            due = List.copyOf(window.pending.values());
            window.pending.clear();
        }
        try {
            timer.schedule(() -> flush(conversationId, window), WINDOW.toMillis(), TimeUnit.MILLISECONDS);
            senders.execute(() -> due.forEach(m -> broadcast(
                    conversationId,
                    new ServerFrame.Receipt(conversationId, m.userId(), m.readSeq(), m.deliveredSeq()),
                    null,
                    m.userId())));
        } catch (RejectedExecutionException shuttingDown) {
            // the server is stopping: its clients resume elsewhere and read the markers from the database
        }
    }

    private static Ring.MarkersMoved newest(Ring.MarkersMoved a, Ring.MarkersMoved b) {
        return new Ring.MarkersMoved(
                a.orgId(),
                a.conversationId(),
                a.userId(),
                Math.max(a.readSeq(), b.readSeq()),
                Math.max(a.deliveredSeq(), b.deliveredSeq()));
    }

    /**
     * Sends {@code frame} to every resumed socket watching the conversation, except those of {@code exceptUser} and
     * those whose user may not be told about {@code subject} (a patient is never sent another patient's receipts or
     * typing).
     */
    private void broadcast(String conversationId, ServerFrame frame, String exceptUser, String subject) {
        String text = json.writeValueAsString(frame);
        for (Connection connection : registry.watching(conversationId)) {
            if (connection.user.userId().equals(exceptUser) || !connection.privacy.mayName(subject)) {
                continue;
            }
            connection.lock.lock();
            try {
                if (connection.resumed && connection.pushed.containsKey(conversationId)) {
                    connection.send(text);
                }
            } finally {
                connection.lock.unlock();
            }
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        senders.shutdownNow();
    }
}
