// The live link to the server: one WebSocket (/api/v1/ws) that follows docs/delivery.md.
//
// - On every (re)connect it sends `resume` naming only the conversations whose timeline this page holds (the open
//   thread), with `others: "latest"`; the rest of the page re-reads its overview over REST after `sync_complete`.
// - Sends go through an outbox keyed by client message id. A send stays in the outbox until the server answers
//   it; after a drop it is sent again with the same id once the link is back, so the server stores it once even
//   if the first attempt was committed and only its answer was lost.
// - Acknowledgements (delivered) and read markers are cumulative: only the highest per conversation is kept and
//   sent, batched within FLUSH_AFTER_MS of the first one waiting (no timer runs while nothing waits), when the link
//   is up.
// - No periodic keep-alive: every frame counts as use of the session, and a tab left open must still time out.
//   The link is probed (ping, answered by pong) when it matters: a send not answered in time, the page shown
//   again, the network back. No pong in time closes the socket, which reconnects.
//
// Events: `status` (detail: 'connecting' | 'connected' | 'offline'), `synced` (detail: {reconnect}), `frame`
// (detail: an event, batch, receipt, typing or reset frame), `sent` and `failed` (detail: the outbox entry).

import {api} from './api.js';
import {newClientMessageId} from './format.js';

const SEND_ANSWERED_WITHIN_MS = 10_000;
const PONG_WITHIN_MS = 5_000;
const FLUSH_AFTER_MS = 150;
const RETRY_DELAYS_MS = [200, 500, 1_000, 2_000, 3_000];
const SESSION_ENDED = 1008; // the server closes a socket whose session ended with 1008 (policy)

export class LiveLink extends EventTarget {

    /**
     * @param heldCursors () => [{c, seq}]: conversations whose entries up to seq this page holds without a gap
     * @param checkSession async () => void: asked after a failed connect; ends the session when the server says so
     */
    constructor({heldCursors, checkSession}) {
        super();
        this.heldCursors = heldCursors;
        this.checkSession = checkSession;
        this.status = 'connecting';
        this.outbox = new Map();
        this.acks = new Map();
        this.reads = new Map();
        this.socket = null;
        this.synced = false;
        this.everSynced = false;
        this.failures = 0;
        this.stopped = false;
        this.pongTimer = null;
        this.flushTimer = null;
        this.onOnline = () => (this.status === 'offline' ? this.reconnectNow() : this.probe());
        this.onVisible = () => {
            // The server pushes new messages to a person's phone only while no app of theirs is shown.
            this.write({type: 'visibility', visible: document.visibilityState === 'visible'});
            if (document.visibilityState === 'visible') {
                this.probe();
            }
        };
        window.addEventListener('online', this.onOnline);
        document.addEventListener('visibilitychange', this.onVisible);
    }

    start() {
        this.open();
    }

    /** Closes for good (sign-out, session ended). */
    stop() {
        this.stopped = true;
        clearTimeout(this.flushTimer);
        clearTimeout(this.retryTimer);
        clearTimeout(this.pongTimer);
        window.removeEventListener('online', this.onOnline);
        document.removeEventListener('visibilitychange', this.onVisible);
        if (this.socket) {
            this.socket.close(1000, 'signed out');
        }
    }

    /**
     * Queues a text message, urgent when `urgent`, with attachments already uploaded (their descriptions, optional),
     * answering the message at seq `replyTo` and mentioning the members `mentions` (user ids) (both optional); returns
     * its outbox entry {clientMsgId, c, body, urgent, attachments, replyTo, mentions, state}.
     */
    send(conversationId, body, {urgent = false, attachments = [], replyTo = null, mentions = []} = {}) {
        const entry = {clientMsgId: newClientMessageId(), c: conversationId, body, urgent, attachments, replyTo,
            mentions, state: 'pending'};
        this.outbox.set(entry.clientMsgId, entry);
        this.transmit(entry);
        return entry;
    }

    pending(conversationId) {
        return [...this.outbox.values()].filter(e => e.c === conversationId);
    }

    ack(conversationId, upTo) {
        if ((this.acks.get(conversationId) ?? -1) < upTo) {
            this.acks.set(conversationId, upTo);
            this.flushSoon();
        }
    }

    flushSoon() {
        this.flushTimer ??= setTimeout(() => {
            this.flushTimer = null;
            this.flushMarkers();
        }, FLUSH_AFTER_MS);
    }

    read(conversationId, upTo) {
        if ((this.reads.get(conversationId) ?? -1) < upTo) {
            this.reads.set(conversationId, upTo);
        }
        this.flushMarkers();
    }

    typing(conversationId) {
        this.write({type: 'typing', c: conversationId});
    }

    /**
     * Follows a conversation the user may read without being a member (a contact request's thread) from `seq` on;
     * when the link is down, the next resume names it (its holder lists it in heldCursors).
     */
    watch(conversationId, seq) {
        this.write({type: 'watch', c: conversationId, seq});
    }

    unwatch(conversationId) {
        this.write({type: 'unwatch', c: conversationId});
    }

    open() {
        if (this.stopped) {
            return;
        }
        this.setStatus('connecting');
        const url = new URL('/api/v1/ws', location.href);
        url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
        const socket = new WebSocket(url);
        this.socket = socket;
        this.synced = false;
        socket.addEventListener('open', () => {
            socket.send(JSON.stringify({type: 'resume', cursors: this.heldCursors(), others: 'latest'}));
            if (document.visibilityState === 'hidden') {
                socket.send(JSON.stringify({type: 'visibility', visible: false}));
            }
        });
        socket.addEventListener('message', message => this.receive(JSON.parse(message.data)));
        socket.addEventListener('close', event => this.closed(socket, event.code));
    }

    receive(frame) {
        switch (frame.type) {
            case 'sync_complete':
                this.onSynced();
                break;
            case 'result':
                this.onResult(frame);
                break;
            case 'pong':
                clearTimeout(this.pongTimer);
                this.pongTimer = null;
                break;
            case 'error':
                console.warn('CareChat server refused a frame:', frame.detail);
                break;
            default:
                this.dispatchEvent(new CustomEvent('frame', {detail: frame}));
        }
    }

    onSynced() {
        const reconnect = this.everSynced;
        this.synced = true;
        this.everSynced = true;
        this.failures = 0;
        this.setStatus('connected');
        this.dispatchEvent(new CustomEvent('synced', {detail: {reconnect}}));
        for (const entry of this.outbox.values()) {
            this.transmit(entry);
        }
        this.flushMarkers();
    }

    onResult(frame) {
        const entry = this.outbox.get(frame.id);
        if (!entry) {
            return;
        }
        clearTimeout(entry.answerTimer);
        if (frame.ok) {
            this.outbox.delete(frame.id);
            entry.state = 'sent';
            entry.seq = frame.seq;
            this.dispatchEvent(new CustomEvent('sent', {detail: entry}));
        } else if (frame.status >= 500 || frame.status === 429) {
            // Sent again after the pause the server asks for (rate limit), or a short one, or on the next reconnect.
            entry.state = 'pending';
            setTimeout(() => this.transmit(entry), Math.max(1, frame.retryAfter || 2) * 1_000);
        } else {
            this.outbox.delete(frame.id);
            entry.state = 'failed';
            entry.error = frame.error;
            this.dispatchEvent(new CustomEvent('failed', {detail: entry}));
        }
    }

    transmit(entry) {
        if (this.synced && this.outbox.has(entry.clientMsgId)) {
            this.write({type: 'send', id: entry.clientMsgId, c: entry.c, clientMsgId: entry.clientMsgId,
                body: entry.body, ...(entry.urgent ? {urgent: true} : {}),
                ...(entry.attachments?.length ? {attachments: entry.attachments.map(a => a.id)} : {}),
                ...(entry.replyTo ? {replyTo: entry.replyTo} : {}),
                ...(entry.mentions?.length ? {mentions: entry.mentions} : {})});
            clearTimeout(entry.answerTimer);
            entry.answerTimer = setTimeout(() => this.probe(), SEND_ANSWERED_WITHIN_MS);
        }
    }

    flushMarkers() {
        if (!this.synced) {
            return;
        }
        for (const [c, upTo] of this.reads) {
            this.write({type: 'read', c, upTo});
        }
        for (const [c, upTo] of this.acks) {
            if ((this.reads.get(c) ?? -1) < upTo) {
                this.write({type: 'ack', c, upTo});
            }
        }
        this.reads.clear();
        this.acks.clear();
    }

    write(frame) {
        if (this.socket && this.socket.readyState === WebSocket.OPEN && this.synced) {
            this.socket.send(JSON.stringify(frame));
        }
    }

    /** Asks the server for a pong; none in time means the link is dead: close it, which reconnects. */
    probe() {
        if (!this.synced || this.pongTimer) {
            return;
        }
        this.write({type: 'ping', id: String(Date.now())});
        const socket = this.socket;
        this.pongTimer = setTimeout(() => {
            this.pongTimer = null;
            socket.close(4000, 'no pong');
        }, PONG_WITHIN_MS);
    }

    closed(socket, code) {
        if (socket !== this.socket) {
            return;
        }
        this.synced = false;
        clearTimeout(this.pongTimer);
        this.pongTimer = null;
        for (const entry of this.outbox.values()) {
            entry.state = 'pending';
            clearTimeout(entry.answerTimer);
        }
        if (this.stopped) {
            return;
        }
        this.setStatus('offline');
        this.failures++;
        this.lastCode = code;
        const delay = RETRY_DELAYS_MS[Math.min(this.failures - 1, RETRY_DELAYS_MS.length - 1)];
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.retry(), delay);
    }

    async retry() {
        if (this.stopped) {
            return;
        }
        if (this.failures > 1 || this.lastCode === SESSION_ENDED) {
            await this.checkSession(); // a refused upgrade looks like a network failure; ask over REST why
        }
        this.open();
    }

    reconnectNow() {
        if (!this.stopped && this.status === 'offline') {
            clearTimeout(this.retryTimer);
            this.retry();
        }
    }

    setStatus(status) {
        if (this.status !== status) {
            this.status = status;
            this.dispatchEvent(new CustomEvent('status', {detail: status}));
        }
    }
}

/**
 * The link of an app that shows one thread at a time (staff and patient): it resumes from the cursor of the thread
 * open in `app` and of any other timeline it holds (`app.otherCursors()`, a contact request's thread; the list is
 * read over REST), and asks whether the session still holds when the socket is refused.
 */
export function threadLink(app) {
    return new LiveLink({
        heldCursors: () => [app.thread?.heldCursor(), ...(app.otherCursors?.() ?? [])].filter(Boolean),
        checkSession: () => api('GET', '/api/v1/auth/me').catch(() => null),
    });
}
