// The signed-in app: top bar, statistics, the conversation list and the open thread, wired to the live link.
//
// Order of reads (docs/delivery.md, "others: latest"): the live link resumes first, then the conversation list is
// read over REST; live entries that arrive meanwhile wait and are then applied only if they are newer than what
// the list read reflects. After a reconnect the list is read again and the open thread is caught up by cursor.

import {AvailabilityBoard, statusSelector} from './availability.js';
import {UrgentPanel} from './urgent-panel.js';
import {api, whenSessionEnds} from '../shared/api.js';
import {Alerts} from './alerts.js';
import {ConversationList, StatsBar} from './conversation-list.js';
import {confirmDialog} from '../shared/dialog.js';
import {h, replaceChildren} from '../shared/dom.js';
import {editConversationDialog} from './edit-conversation-dialog.js';
import {conversationTitle, InboxModel} from '../shared/inbox-model.js';
import {threadLink} from '../shared/live-link.js';
import {newConversationDialog} from './new-conversation-dialog.js';
import {showPatientProfile} from './patient-profile.js';
import {sessionEndedPage} from './sign-in.js';
import {ThreadView} from './thread-view.js';
import {TopBar} from './top-bar.js';

const LIST_WITHOUT_LINK_AFTER_MS = 3_000;
const REFRESH_AFTER_MS = 300;
const WIDE = window.matchMedia('(min-width: 768px)');

export function startApp(root, session) {
    const app = new App(root, session.user);
    app.start();
    return app;
}

class App {
    constructor(root, me) {
        this.root = root;
        this.me = me;
        this.model = new InboxModel(me);
        this.list = new ConversationList(this.model);
        this.stats = new StatsBar();
        this.alerts = new Alerts();
        // the whole body, not only the app's root: dialogs (people pickers) are opened outside it
        this.availability = new AvailabilityBoard(root.ownerDocument.body);
        this.urgent = new UrgentPanel(this.alerts);
        this.thread = null;
        this.inboxLoaded = false;
        this.inboxReading = false;
        this.inboxTicket = 0;
        this.waitingFrames = [];
        this.lastConversationHash = '#/';
        this.link = threadLink(this);
    }

    start() {
        whenSessionEnds(() => this.sessionEnded());
        this.layout();
        this.link.addEventListener('status', event => this.topBar.showConnection(event.detail));
        this.link.addEventListener('synced', () => {
            this.loadInbox();
            this.availability.load();
            this.urgent.load();
        });
        this.link.addEventListener('frame', event => this.onFrame(event.detail));
        this.link.addEventListener('failed', event => this.thread?.sendSettled(event.detail));
        this.link.start();
        setTimeout(() => {
            if (!this.inboxLoaded) {
                this.loadInbox(); // the list without live updates beats no list; the link reads it again once up
            }
        }, LIST_WITHOUT_LINK_AFTER_MS);
        window.addEventListener('hashchange', () => this.route());
        document.addEventListener('visibilitychange', () => this.thread?.markRead());
        this.route();
    }

    layout() {
        this.topBar = new TopBar({
            me: this.me,
            alertsButton: this.alerts.button,
            statusSelector: statusSelector(this.me, this.availability),
            onNewConversation: () => newConversationDialog(this.me, (id, first) => this.created(id, first)),
            onSignOut: () => this.signOut(),
        });
        this.announcer = h('p', {class: 'visually-hidden', 'aria-live': 'polite'});
        this.threadPane = h('div', {class: 'thread-pane'}, placeholder());
        replaceChildren(this.root,
            h('a', {class: 'skip-link', href: '#conversation-list'}, 'Skip to conversations'),
            this.topBar.element,
            h('main', {id: 'main', class: 'workspace'},
                h('h1', {class: 'visually-hidden'}, 'Messages'),
                this.urgent.element,
                this.stats.element,
                h('div', {class: 'panes'}, this.list.element, this.threadPane)),
            this.alerts.toasts, this.announcer);
        this.topBar.showConnection(this.link.status);
    }

    /**
     * Reads the conversation list. Live frames that arrive while it is read wait, and are applied to the new list
     * afterwards (those it already reflects are recognised by seq), so none falls between the read and the model.
     */
    async loadInbox() {
        const ticket = ++this.inboxTicket;
        this.inboxReading = true;
        let inbox;
        try {
            inbox = await api('GET', '/api/v1/inbox');
        } catch (error) {
            if (ticket === this.inboxTicket) {
                this.inboxReading = false;
                this.replayWaitingFrames();
            }
            return;
        }
        if (ticket !== this.inboxTicket) {
            return; // a newer read is under way and will apply what waits
        }
        this.inboxReading = false;
        this.model.load(inbox);
        const complete = this.list.renderAll();
        performance.mark('carechat:list-ready'); // User Timing marks: the UI benchmark reads them
        complete.then(() => performance.mark('carechat:list-complete'));
        this.list.select(this.thread?.id ?? null);
        this.inboxLoaded = true;
        for (const item of this.model.items.values()) {
            if (item.unread > 0) {
                this.link.ack(item.conversation.id, item.conversation.lastSeq); // on this device now
            }
        }
        this.replayWaitingFrames();
        this.showCounters();
    }

    replayWaitingFrames() {
        const waiting = this.waitingFrames;
        this.waitingFrames = [];
        waiting.forEach(frame => this.onFrame(frame));
    }

    refreshInboxSoon() {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.loadInbox(), REFRESH_AFTER_MS);
    }

    onFrame(frame) {
        switch (frame.type) {
            case 'availability':
                this.availability.apply(frame);
                return;
            case 'urgent':
                this.urgent.raise(frame.alert);
                return;
            case 'urgent_cleared':
                this.urgent.clear(frame.alertId);
                return;
            default:
                break;
        }
        const listFrame = frame.type !== 'typing';
        if (listFrame && (!this.inboxLoaded || this.inboxReading)) {
            this.waitingFrames.push(frame);
            return;
        }
        switch (frame.type) {
            case 'event':
                this.onEntries(frame.c, [frame.entry]);
                break;
            case 'batch':
                this.onEntries(frame.c, frame.events);
                break;
            case 'receipt':
                if (this.thread?.id === frame.c) {
                    this.thread.receipt(frame);
                }
                if (frame.userId === this.me.id && this.model.markRead(frame.c, frame.readSeq)) {
                    this.list.update(frame.c);
                    this.showCounters();
                }
                break;
            case 'typing':
                if (this.thread?.id === frame.c) {
                    this.thread.typing(frame.userId);
                }
                break;
            case 'reset':
                this.onReset(frame);
                break;
            default:
                break;
        }
    }

    onEntries(c, entries) {
        let refresh = false;
        for (const entry of entries) {
            const looking = this.thread?.id === c && document.visibilityState === 'visible';
            const result = this.model.applyEntry(c, entry, looking);
            refresh ||= Boolean(result.refresh);
            if (result.incoming) {
                this.link.ack(c, entry.seq);
                if (!looking) {
                    const item = this.model.get(c);
                    const where = item && conversationTitle(item.conversation, item.patient, item.with);
                    this.alerts.newMessage(entry.senderName, where);
                } else {
                    this.announcer.textContent = `New message from ${entry.senderName || 'a colleague'}`;
                }
            }
        }
        this.list.update(c);
        this.showCounters();
        if (this.thread?.id === c) {
            this.thread.receive(entries);
        }
        if (refresh) {
            this.refreshInboxSoon();
        }
    }

    onReset(frame) {
        if (frame.reason === 'cursor_ahead') {
            return; // the open thread re-reads itself below; nothing is dropped from the list
        }
        this.model.remove(frame.c);
        this.list.update(frame.c);
        this.showCounters();
        if (this.thread?.id === frame.c) {
            location.hash = '#/';
            this.announcer.textContent = 'You are no longer a member of that conversation.';
        }
    }

    showCounters() {
        const unread = this.model.totalUnread();
        this.topBar.showUnread(unread);
        document.title = unread > 0 ? `(${unread}) CareChat` : 'CareChat';
        this.stats.show(this.model.stats());
    }

    route() {
        const hash = location.hash;
        const conversation = hash.match(/^#\/c\/([^/]+)$/);
        const patient = hash.match(/^#\/patients\/([^/]+)$/);
        if (conversation) {
            this.lastConversationHash = hash;
            this.openThread(decodeURIComponent(conversation[1]));
        } else if (patient) {
            showPatientProfile(decodeURIComponent(patient[1])).then(handle => {
                handle.dialog.addEventListener('close', () => {
                    history.replaceState(null, '', this.lastConversationHash);
                });
            });
        } else {
            this.lastConversationHash = '#/';
            this.closeThread();
        }
    }

    async openThread(id) {
        if (this.thread?.id === id) {
            return;
        }
        const thread = new ThreadView(id, this.me, {
            onBack: () => {
                location.hash = '#/';
            },
            onEdit: details => editConversationDialog(this.me, details, () => thread.reloadDetails()),
            onProfile: patientId => {
                location.hash = `#/patients/${encodeURIComponent(patientId)}`;
            },
            onRead: (c, seq) => {
                this.link.read(c, seq);
                if (this.model.markRead(c, seq)) {
                    this.list.update(c);
                    this.showCounters();
                }
            },
            onSend: (c, body, options) => this.link.send(c, body, options),
            onTyping: c => this.link.typing(c),
            pending: c => this.link.pending(c),
            onDelete: (c, seq) => this.deleteMessage(c, seq),
        });
        this.thread = thread;
        performance.mark('carechat:thread-opening');
        replaceChildren(this.threadPane, thread.element);
        this.root.classList.add('thread-open');
        this.list.select(id);
        try {
            await thread.load();
            performance.measure('carechat:thread-open', 'carechat:thread-opening');
            if (WIDE.matches) {
                thread.focusComposer();
            } else {
                thread.focusTitle();
            }
        } catch (error) {
            if (this.thread === thread) {
                replaceChildren(this.threadPane, h('p', {class: 'thread-error', role: 'alert'}, error.message));
            }
        }
    }

    closeThread() {
        this.thread = null;
        replaceChildren(this.threadPane, placeholder());
        this.root.classList.remove('thread-open');
        this.list.select(null);
    }

    created(id, firstMessage) {
        if (firstMessage) {
            this.link.send(id, firstMessage);
        }
        this.refreshInboxSoon();
        location.hash = `#/c/${encodeURIComponent(id)}`;
    }

    async deleteMessage(c, seq) {
        const sure = await confirmDialog('Delete message',
            'Delete this message for everyone? It disappears from the conversation; the audit trail keeps it.',
            'Delete');
        if (!sure) {
            return;
        }
        try {
            await api('DELETE', `/api/v1/conversations/${encodeURIComponent(c)}/messages/${seq}`);
        } catch (error) {
            this.announcer.textContent = error.message;
            window.alert(error.message);
        }
    }

    async signOut() {
        this.link.stop();
        try {
            await api('POST', '/api/v1/auth/logout', {});
        } finally {
            location.replace('/#signed-out');
            location.reload();
        }
    }

    async sessionEnded() {
        if (this.ended) {
            return;
        }
        this.ended = true;
        this.link.stop();
        await sessionEndedPage(this.root);
        location.replace('/#');
        location.reload();
    }
}

function placeholder() {
    return h('div', {class: 'thread-placeholder'},
        h('p', {}, 'Choose a conversation from the list, or start a new one.'));
}
