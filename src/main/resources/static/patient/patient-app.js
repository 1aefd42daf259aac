// The signed-in patient app: their conversations, one open at a time (phone first), live over the same WebSocket
// as the staff app, with the connection indicator, sign-out and sign-out everywhere.

import {api, whenSessionEnds} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {dateTime, plural} from '../shared/format.js';
import {threadLink} from '../shared/live-link.js';
import {PatientThread} from './patient-thread.js';

const CONNECTION_TEXT = {connected: 'Connected', connecting: 'Connecting…', offline: 'Not connected'};
const REFRESH_AFTER_MS = 250;

export function startPatientApp(root, me) {
    const app = new PatientApp(root, me);
    app.start();
    return app;
}

class PatientApp {
    constructor(root, me) {
        this.root = root;
        this.me = me;
        this.thread = null;
        this.items = [];
        this.link = threadLink(this);
    }

    start() {
        whenSessionEnds(() => this.sessionEnded());
        this.layout();
        this.link.addEventListener('status', event => this.showConnection(event.detail));
        this.link.addEventListener('synced', () => this.loadList());
        this.link.addEventListener('frame', event => this.onFrame(event.detail));
        this.link.addEventListener('failed', event => this.thread?.sendSettled(event.detail));
        this.link.start();
        window.addEventListener('hashchange', () => this.route());
        document.addEventListener('visibilitychange', () => this.thread?.markRead());
        this.loadList();
        this.route();
    }

    layout() {
        this.connection = h('span', {class: 'connection', role: 'status', dataset: {status: 'connecting'}},
            h('span', {class: 'connection-dot', 'aria-hidden': 'true'}), h('span', {class: 'connection-text'}));
        this.listPane = h('section', {class: 'list-pane', 'aria-labelledby': 'list-title'},
            h('h1', {id: 'list-title'}, 'Your messages'),
            this.listElement = h('ul', {id: 'conversation-list', class: 'conversations'}));
        this.threadPane = h('div', {class: 'thread-pane'});
        replaceChildren(this.root,
            h('header', {class: 'topbar'},
                h('span', {class: 'brand'}, 'CareChat'),
                this.connection,
                h('details', {class: 'account'},
                    h('summary', {}, this.me.displayName),
                    h('div', {class: 'account-menu'},
                        h('button', {type: 'button', class: 'secondary sign-out', onClick: () => this.signOut(false)},
                            'Sign out'),
                        h('button', {type: 'button', class: 'secondary sign-out-everywhere',
                            onClick: () => this.signOut(true)}, 'Sign out everywhere')))),
            h('main', {id: 'main', class: 'patient-main'}, this.listPane, this.threadPane));
        this.showConnection(this.link.status);
    }

    showConnection(status) {
        this.connection.dataset.status = status;
        this.connection.querySelector('.connection-text').textContent = CONNECTION_TEXT[status];
    }

    async loadList() {
        let inbox;
        try {
            inbox = await api('GET', '/api/v1/inbox');
        } catch (error) {
            return;
        }
        this.items = inbox.conversations;
        this.renderList();
        for (const item of this.items) {
            if (item.unread > 0) {
                this.link.ack(item.conversation.id, item.conversation.lastSeq);
            }
        }
        const unread = inbox.stats.unreadMessages;
        document.title = unread > 0 ? `(${unread}) CareChat` : 'CareChat';
    }

    renderList() {
        if (this.items.length === 0) {
            replaceChildren(this.listElement, h('li', {class: 'empty'}, 'No messages yet. Your care team will write to '
                + 'you here.'));
            return;
        }
        replaceChildren(this.listElement, this.items.map(item => {
            const c = item.conversation;
            const last = item.lastMessage;
            return h('li', {class: item.unread > 0 ? 'conv unread' : 'conv', dataset: {id: c.id}},
                h('a', {class: 'conv-open', href: `#/c/${encodeURIComponent(c.id)}`,
                    'aria-current': this.thread?.id === c.id ? 'true' : null},
                h('span', {class: 'conv-title'}, c.topic || 'Your care team'),
                last ? h('span', {class: 'conv-preview'}, `${last.senderId === this.me.id ? 'You' : last.senderName}: `
                    + last.preview) : null,
                h('span', {class: 'conv-meta'},
                    last ? h('time', {}, dateTime(last.createdAt)) : null,
                    item.unread > 0 ? h('span', {class: 'unread-count'}, plural(item.unread, 'unread', 'unread'))
                        : null)));
        }));
    }

    onFrame(frame) {
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
                if (frame.userId === this.me.id) {
                    this.refreshListSoon();
                }
                break;
            case 'reset':
                if (this.thread?.id === frame.c && frame.reason !== 'cursor_ahead') {
                    location.hash = '#/';
                }
                this.refreshListSoon();
                break;
            default:
                break;
        }
    }

    onEntries(c, entries) {
        for (const entry of entries) {
            if (entry.kind === 'text' && entry.senderId !== this.me.id) {
                this.link.ack(c, entry.seq);
            }
        }
        if (this.thread?.id === c) {
            this.thread.receive(entries);
        }
        this.refreshListSoon();
    }

    refreshListSoon() {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.loadList(), REFRESH_AFTER_MS);
    }

    route() {
        const match = location.hash.match(/^#\/c\/([^/]+)$/);
        if (match) {
            this.openThread(decodeURIComponent(match[1]));
        } else {
            this.thread = null;
            replaceChildren(this.threadPane);
            this.root.classList.remove('thread-open');
            this.renderList();
        }
    }

    async openThread(id) {
        if (this.thread?.id === id) {
            return;
        }
        const thread = new PatientThread(id, this.me, {
            onBack: () => {
                location.hash = '#/';
            },
            onRead: (c, seq) => {
                this.link.read(c, seq);
                this.refreshListSoon();
            },
            onSend: (c, body, options) => this.link.send(c, body, options),
            onTyping: c => this.link.typing(c),
            pending: c => this.link.pending(c),
        });
        this.thread = thread;
        replaceChildren(this.threadPane, thread.element);
        this.root.classList.add('thread-open');
        this.renderList();
        try {
            await thread.load();
            thread.focus();
        } catch (error) {
            if (this.thread === thread) {
                replaceChildren(this.threadPane, h('p', {class: 'thread-error', role: 'alert'}, error.message));
            }
        }
    }

    /** Ends this session, or every session of this account (other phones and browsers too). */
    async signOut(everywhere) {
        this.link.stop();
        try {
            if (everywhere) {
                const sessions = await api('GET', '/api/v1/auth/tokens');
                for (const session of sessions.filter(s => !s.current)) {
                    await api('DELETE', `/api/v1/auth/tokens/${encodeURIComponent(session.id)}`);
                }
            }
            await api('POST', '/api/v1/auth/logout', {});
        } finally {
            location.replace('/patient/#signed-out');
            location.reload();
        }
    }

    sessionEnded() {
        if (this.ended) {
            return;
        }
        this.ended = true;
        this.link.stop();
        replaceChildren(this.root, h('main', {class: 'gate', id: 'main'}, h('div', {class: 'gate-card'},
            h('h1', {}, 'Your session has ended'),
            h('p', {}, 'For your privacy CareChat signs you out after a while without use, or when you sign out '
                + 'everywhere.'),
            h('a', {class: 'button primary', href: '/patient/'}, 'Sign in again'))));
    }
}
