package org.carechat.realtime;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.carechat.conversation.Privacy;
import org.carechat.identity.CurrentUser;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One open WebSocket of a signed-in device, and its delivery state.
 *
 * <p>{@code pushed} holds, per conversation, the highest seq sent on this socket; it only grows while the socket
 * lives, and each push continues from it, so a socket never sees a gap or a repeat from the server's side.
 * It is guarded by {@link #lock}, which every sender of frames holds, so frames leave in the order they were
 * decided. Rings that arrive meanwhile are collected in {@code dirty} and handled by one drainer at a time.
 */
final class Connection {

    final WebSocketSession session;
    final CurrentUser user;
    final ReentrantLock lock = new ReentrantLock();

    /** Guarded by {@link #lock}. */
    final Map<String, Long> pushed = new HashMap<>();

    /** Set (under {@link #lock}) once the first resume has registered the cursors; read without it by drainers. */
    volatile boolean resumed;

    /** Conversations rung since the last drain, with the highest seq rung (a hint for unseen conversations). */
    final Map<String, Long> dirty = new ConcurrentHashMap<>();

    final AtomicBoolean draining = new AtomicBoolean();

    /** Per conversation, the highest seq this socket has acknowledged (frames of one socket are handled in turn). */
    final Map<String, Long> acked = new HashMap<>();

    /**
     * When the last frame of a person's act (send, read, typing) came in since the session was last re-checked (epoch
     * ms; 0 when none): it is use of the session, so it keeps the session from idling out.
     */
    volatile long usedAt;

    /** Set when the socket is closed for what it sent (too many frames, one too big): what still arrives is dropped. */
    volatile boolean closingForWhatItSent;

    /** The parts so far of a frame bigger than the read buffer (null between frames); used by the socket's reader. */
    private StringBuilder partial;

    /** When the session behind this socket stops working unless used again (epoch ms; see {@link SessionWatch}). */
    volatile long expiresAt;

    /** Whether the app on this socket is shown (the {@code visibility} frame); true until it says otherwise. */
    volatile boolean foreground = true;

    /** What this socket's user may be shown of other people (patients: no other patient named). */
    final Privacy privacy;

    Connection(WebSocketSession session, CurrentUser user, long expiresAt, Privacy privacy) {
        this.session = session;
        this.user = user;
        this.privacy = privacy;
        this.expiresAt = expiresAt;
    }

    /**
     * Puts a frame back together from the parts the server read it in (the read buffer is small, so that thousands of
     * idle sockets cost little; frames up to {@code max} characters are still accepted).
     *
     * @return the whole frame once its last part came, or null while parts are missing
     * @throws FrameTooBig when the frame grows past {@code max}; the parts so far are dropped
     */
    String assemble(String part, boolean last, int max) {
        if (partial == null && last) {
            return part;
        }
        if (partial == null) {
            partial = new StringBuilder(part.length() * 2);
        }
        if (partial.length() + part.length() > max) {
            partial = null;
            throw new FrameTooBig();
        }
        partial.append(part);
        if (!last) {
            return null;
        }
        String whole = partial.toString();
        partial = null;
        return whole;
    }

    /** A frame over the size cap: the socket is closed with 1009. */
    static final class FrameTooBig extends RuntimeException {
        FrameTooBig() {
            super(null, null, false, false);
        }
    }

    void markDirty(String conversationId, long seq) {
        dirty.merge(conversationId, seq, Math::max);
    }

    /** Sends a serialised frame; on failure the socket is closed (the client resumes from its cursors). */
    void send(String json) {
        try {
            session.sendMessage(new TextMessage(json));
        } catch (IOException | RuntimeException e) {
            close(CloseStatus.SERVER_ERROR.withReason("send failed"));
        }
    }

    void close(CloseStatus status) {
        try {
            if (session.isOpen()) {
                session.close(status);
            }
        } catch (IOException ignored) {
            // already gone
        }
    }

    String deviceId() {
        return user.deviceId();
    }
}
