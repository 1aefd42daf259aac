// What the staff and the patient app do alike once signed in: one live link; the conversation list as a model kept
// current by live frames; one conversation open at a time (#/c/<id>), as a timeline model its app renders; signing
// out and the end of a session.
//
// Order of reads (docs/delivery.md, "others: latest"): the live link resumes first, then the conversation list is
// read over REST; live frames that arrive meanwhile wait (frame-router.js) and are then applied only if they are newer
// than what the list read reflects. After a reconnect the list is read again and the open thread is caught up by
// cursor.

import {api, whenSessionEnds} from './api.js';
import {h, replaceChildren} from './dom.js';
import {Drafts} from './drafts.js';
import {FrameRouter} from './frame-router.js';
import {InboxModel} from './inbox-model.js';
import {threadLink} from './live-link.js';

const LIST_WITHOUT_LINK_AFTER_MS = 3_000;
let Timeline = null; // the open conversation's model (timeline.js), imported with the thread's view
const REFRESH_AFTER_MS = 300;
/** The address of an open conversation: #/c/<id>. */
export const CONVERSATION_ROUTE = /^#\/c\/([^/]+)$/;

/**
 * The base of an app. A subclass renders; it implements:
 * <ul>
 * <li>`layout()`: builds the page, with `this.threadPane` for the open conversation;
 * <li>`showConnection(status)`: the live link's 'connecting' | 'connected' | 'offline';
 * <li>`showList()` after a list read, `listChanged(c)` after a change to one conversation of `this.inbox`,
 *     `showSelected(id | null)` when the open conversation changes, `showUnread(total)` after any of them;
 * <li>`threadView(timeline)`: the view of an opening conversation, with `element`, `focus()` and optionally
 *     `close()`, called when another conversation opens or none is shown;
 * <li>`loadThreadView()`: resolves once `threadView` can be called — its modules (composer, message history,
 *     attachments) are imported when the first conversation opens, not at start, as is the timeline model;
 * <li>`showSessionEnded()`: the page after the server ended the session;
 * </ul>
 * and may override `newMessage(c, entry, looking)`, `leftConversation(c)`, `emptyThreadPane()` and `synced()`.
 */
export class ThreadApp {

    /**
     * @param home the app's address ('/' or '/patient/'): where sign-out leads
     * @param lookUpName optional async (userId) -> display name, for notes naming colleagues who are not members
     */
    constructor(root, me, {home, lookUpName = null}) {
        this.root = root;
        this.me = me;
        this.home = home;
        this.lookUpName = lookUpName;
        this.inbox = new InboxModel(me);
        this.thread = null; // the open conversation's Timeline
        this.navigation = 0; // counts opens and closes, so that an open overtaken while its view loads gives way
        this.opening = null; // the conversation whose view's modules are being imported
        this.unopened = null; // the conversation asked for that could not be opened while the server was out of reach
        this.inboxLoaded = false;
        this.inboxTicket = 0;
        this.link = threadLink(this);
        this.frames = new FrameRouter()
            .on('event', frame => this.onEntries(frame.c, [frame.entry]), {afterList: true})
            .on('batch', frame => this.onEntries(frame.c, frame.events), {afterList: true})
            .on('receipt', frame => this.onReceipt(frame), {afterList: true})
            .on('reset', frame => this.onReset(frame), {afterList: true})
            .on('typing', frame => this.thread?.id === frame.c && this.thread.typing(frame.userId));
    }

    start() {
        whenSessionEnds(() => this.endSession());
        this.layout();
        this.showConnection(this.link.status);
        this.link.addEventListener('status', event => this.showConnection(event.detail));
        this.link.addEventListener('synced', () => this.synced());
        this.link.addEventListener('frame', event => this.frames.route(event.detail));
        this.link.addEventListener('failed', event => this.thread?.sendSettled(event.detail));
        // in a task of its own: opening the socket is the longest single call of the start, and a phone's long
        // tasks block input (docs/performance.md, "The staff app's first screen in two steps")
        setTimeout(() => this.link.start());
        setTimeout(() => {
            if (!this.inboxLoaded) {
                this.loadInbox(); // the list without live updates beats no list; the link reads it again once up
            }
        }, LIST_WITHOUT_LINK_AFTER_MS);
        window.addEventListener('hashchange', () => this.route());
        document.addEventListener('visibilitychange', () => this.thread?.markRead());
        this.route();
    }

    /**
     * The live link is (again) in step with the server: what the page shows besides the open thread is read again,
     * and a conversation that could not be opened meanwhile opens now.
     */
    synced() {
        this.loadInbox();
        this.openAgainIfUnopened();
    }

    /**
     * The conversation asked for while the server was out of reach (its view's modules or its first page did not
     * come) opens again, if the address still names it. Without this it stayed blank, or showed the error, until
     * the page was reloaded: choosing it again does not change the address, so nothing else would open it.
     */
    openAgainIfUnopened() {
        const id = this.unopened;
        const routed = location.hash.match(CONVERSATION_ROUTE);
        if (!id || !routed || decodeURIComponent(routed[1]) !== id) {
            return;
        }
        this.unopened = null;
        if (this.thread?.id === id) {
            this.closeView();
            this.thread = null; // its first read failed: a new timeline reads it again
        }
        this.openThread(id);
    }

    /** Reads the conversation list; frames that change it wait meanwhile and are applied after it. */
    async loadInbox() {
        const ticket = ++this.inboxTicket;
        this.frames.hold();
        let inbox;
        try {
            inbox = await api('GET', '/api/v1/inbox');
        } catch (error) {
            if (ticket === this.inboxTicket && this.inboxLoaded) {
                this.frames.release(); // the list read before stays, and takes what waited
            }
            return;
        }
        if (ticket !== this.inboxTicket) {
            return; // a newer read is under way and will apply what waits
        }
        this.inbox.load(inbox);
        this.inboxLoaded = true;
        this.showList();
        for (const item of this.inbox.items.values()) {
            if (item.unread > 0) {
                this.link.ack(item.conversation.id, item.conversation.lastSeq); // on this device now
            }
        }
        this.frames.release();
        this.showCounters();
    }

    /** I muted or unmuted conversation `c`: its row and the badge follow. */
    mutedChanged(c, muted) {
        if (this.inbox.setMuted(c, muted)) {
            this.listChanged(c);
            this.showCounters();
        }
    }

    refreshInboxSoon() {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.loadInbox(), REFRESH_AFTER_MS);
    }

    onEntries(c, entries) {
        let refresh = false;
        for (const entry of entries) {
            const looking = this.thread?.id === c && document.visibilityState === 'visible';
            const result = this.inbox.applyEntry(c, entry, looking);
            refresh ||= Boolean(result.refresh);
            if (result.incoming) {
                this.link.ack(c, entry.seq);
                if (result.alert) {
                    this.newMessage(c, entry, looking);
                }
            }
        }
        this.listChanged(c);
        this.showCounters();
        if (this.thread?.id === c) {
            this.thread.receive(entries);
        }
        if (refresh) {
            this.refreshInboxSoon();
        }
    }

    onReceipt(frame) {
        if (this.thread?.id === frame.c) {
            this.thread.receipt(frame);
        }
        if (frame.userId === this.me.id) {
            this.readMoved(frame.c, frame.readSeq);
        }
    }

    onReset(frame) {
        if (frame.reason === 'cursor_ahead') {
            return; // the open thread is caught up by cursor; nothing is dropped from the list
        }
        if (frame.reason === 'purged') {
            // Retention purged it: its texts go from the open thread; it stays listed, its tombstone follows
            if (this.thread?.id === frame.c) {
                this.thread.forgetMessages();
            }
            return;
        }
        this.inbox.remove(frame.c);
        this.listChanged(frame.c);
        this.showCounters();
        if (this.thread?.id === frame.c) {
            location.hash = '#/';
            this.leftConversation(frame.c);
        }
    }

    /** The user has seen conversation `c` up to `seq` here. */
    readUpTo(c, seq) {
        this.link.read(c, seq);
        this.readMoved(c, seq);
    }

    /** My read marker moved (here or on another device). */
    readMoved(c, readSeq) {
        if (this.inbox.markRead(c, readSeq)) {
            this.listChanged(c);
            this.showCounters();
        }
    }

    showCounters() {
        const unread = this.inbox.totalUnread();
        document.title = unread > 0 ? `(${unread}) CareChat` : 'CareChat';
        this.showUnread(unread);
    }

    route() {
        const conversation = location.hash.match(CONVERSATION_ROUTE);
        if (conversation) {
            this.openThread(decodeURIComponent(conversation[1]));
        } else {
            this.closeThread();
        }
    }

    async openThread(id) {
        if (this.thread?.id === id || this.opening === id) {
            return; // open already, or its view's modules are on their way
        }
        const opening = ++this.navigation;
        this.opening = id;
        this.unopened = null;
        performance.mark('carechat:thread-opening'); // User Timing marks: the UI benchmark reads them
        try {
            await Promise.all([this.loadThreadView(), (async () => {
                Timeline ??= (await import('./timeline.js')).Timeline;
            })()]);
        } catch (unreachable) {
            if (opening === this.navigation) {
                this.cannotOpen(id);
            }
            return;
        }
        if (opening !== this.navigation) {
            return; // another conversation opened, or the list was shown, while the view's modules loaded
        }
        this.opening = null;
        const timeline = new Timeline(id, this.me,
            {link: this.link, onRead: (c, seq) => this.readUpTo(c, seq), lookUpName: this.lookUpName});
        const view = this.threadView(timeline);
        this.closeView();
        this.thread = timeline;
        this.view = view;
        replaceChildren(this.threadPane, view.element);
        this.root.classList.add('thread-open');
        this.showSelected(id);
        try {
            await timeline.load();
            performance.measure('carechat:thread-open', 'carechat:thread-opening');
            view.focus();
        } catch (error) {
            if (this.thread === timeline) {
                this.unopened = id; // read again once the link is back
                replaceChildren(this.threadPane, h('p', {class: 'thread-error', role: 'alert'}, error.message));
            }
        }
    }

    /**
     * The thread's view could not be imported. With the server away: said so, and it opens once the link is back.
     * With the link in step, the failure is the browser's: a module whose download failed stays failed in the page
     * in browsers that follow the HTML standard's module map (Chromium 150 does, newer ones retry), so only a
     * reload, which keeps the address and with it the conversation, can open it.
     */
    cannotOpen(id) {
        this.opening = null;
        this.closeView();
        this.thread = null;
        if (this.link.synced) {
            this.unopened = null;
            replaceChildren(this.threadPane, h('div', {class: 'thread-error', role: 'alert'},
                h('p', {}, 'This conversation could not be opened. Reload the page to open it.'),
                h('button', {type: 'button', class: 'primary', onClick: () => location.reload()}, 'Reload')));
        } else {
            this.unopened = id;
            replaceChildren(this.threadPane, h('p', {class: 'thread-error', role: 'alert'},
                'The server cannot be reached. The conversation opens when the connection is back.'));
        }
        this.root.classList.add('thread-open');
        this.showSelected(id);
    }

    closeThread() {
        this.navigation++;
        this.opening = null;
        this.unopened = null;
        this.closeView();
        this.thread = null;
        this.showEmptyPane();
        this.root.classList.remove('thread-open');
        this.showSelected(null);
    }

    /**
     * What the thread pane shows with no conversation open, made once and kept: a layout that starts with it
     * (`this.threadPane` holding `emptyPane()`) is left as it is by the first route, which would otherwise make the
     * same content again in the task that builds the first screen (docs/decisions.md, "the first route redoes
     * nothing").
     */
    emptyPane() {
        if (this.emptyPaneMade === undefined) {
            this.emptyPaneMade = this.emptyThreadPane();
        }
        return this.emptyPaneMade;
    }

    showEmptyPane() {
        const empty = this.emptyPane();
        const pane = this.threadPane;
        if (empty ? pane.childNodes.length === 1 && pane.firstChild === empty : !pane.firstChild) {
            return; // shown already
        }
        replaceChildren(pane, empty);
    }

    /** The open thread's view is done with: it lets go of what outlives it (`close()`, where it has one). */
    closeView() {
        this.view?.close?.();
        this.view = null;
    }

    /** Ends this session, or with `everywhere` every session of this account (other phones and browsers too). */
    async signOut(everywhere = false) {
        this.link.stop();
        Drafts.clear();
        let providerSignOut = null;
        try {
            providerSignOut = await this.providerSignOutUrl();
            if (everywhere) {
                const sessions = await api('GET', '/api/v1/auth/tokens');
                for (const session of sessions.filter(s => !s.current)) {
                    await api('DELETE', `/api/v1/auth/tokens/${encodeURIComponent(session.id)}`);
                }
            }
            await api('POST', '/api/v1/auth/logout', {});
        } finally {
            if (providerSignOut) {
                location.assign(providerSignOut); // the identity provider ends its session, then sends the browser back
            } else {
                location.replace(`${this.home}#signed-out`);
                location.reload();
            }
        }
    }

    /** Where to end the identity provider's session after this one (single sign-on), or null: none. */
    async providerSignOutUrl() {
        return null;
    }

    /** The server ended the session (idle, signed out elsewhere): once, the link closes and the app says so. */
    endSession() {
        if (this.ended) {
            return;
        }
        this.ended = true;
        this.link.stop();
        Drafts.clear();
        // a dialog left open (a new conversation, the alerts explanation) must not cover the "session ended" page
        document.querySelectorAll('dialog[open]').forEach(dialog => dialog.close());
        this.showSessionEnded();
    }

    /** A new message from someone else in conversation `c`; `looking`: the user sees it open. */
    newMessage(c, entry, looking) {}

    /** The open conversation `c` was left or taken away (the user was removed, it was purged). */
    leftConversation(c) {}

    /** Imports what `threadView` needs (nothing here); an app whose thread view has modules of its own loads them. */
    async loadThreadView() {}

    /** What the thread pane shows with no conversation open. */
    emptyThreadPane() {
        return null;
    }
}
