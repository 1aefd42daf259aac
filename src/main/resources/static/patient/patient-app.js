// The signed-in patient app: their conversations, one open at a time (phone first), live over the same WebSocket as
// the staff app, with the connection indicator, sign-out and sign-out everywhere. The live link, the list model kept
// current by live frames, the open conversation's model and the order of reads are ../shared/thread-app.js's.

import {h, replaceChildren} from '../shared/dom.js';
import {dateTime, plural} from '../shared/format.js';
import {ThreadApp} from '../shared/thread-app.js';
import {PatientThread} from './patient-thread.js';

const CONNECTION_TEXT = {connected: 'Connected', connecting: 'Connecting…', offline: 'Not connected'};

export function startPatientApp(root, me) {
    const app = new PatientApp(root, me);
    app.start();
    return app;
}

class PatientApp extends ThreadApp {
    constructor(root, me) {
        super(root, me, {home: '/patient/'});
    }

    layout() {
        this.connection = h('span', {class: 'connection', role: 'status', dataset: {status: 'connecting'}},
            h('span', {class: 'connection-dot', 'aria-hidden': 'true'}), h('span', {class: 'connection-text'}));
        this.listElement = h('ul', {id: 'conversation-list', class: 'conversations'});
        this.threadPane = h('div', {class: 'thread-pane'});
        replaceChildren(this.root,
            h('header', {class: 'topbar'},
                h('span', {class: 'brand'}, 'CareChat'),
                this.connection,
                h('details', {class: 'account'},
                    h('summary', {}, this.me.displayName),
                    h('div', {class: 'account-menu'},
                        h('button', {type: 'button', class: 'secondary sign-out', onClick: () => this.signOut()},
                            'Sign out'),
                        h('button', {type: 'button', class: 'secondary sign-out-everywhere',
                            onClick: () => this.signOut(true)}, 'Sign out everywhere')))),
            h('main', {id: 'main', class: 'patient-main'},
                h('section', {class: 'list-pane', 'aria-labelledby': 'list-title'},
                    h('h1', {id: 'list-title'}, 'Your messages'), this.listElement),
                this.threadPane));
    }

    showConnection(status) {
        this.connection.dataset.status = status;
        this.connection.querySelector('.connection-text').textContent = CONNECTION_TEXT[status];
    }

    /** A patient has a handful of conversations: the list is drawn again whole on any change. */
    showList() {
        if (!this.inboxLoaded) {
            return; // not read yet: "no messages" would not be true
        }
        if (this.inbox.items.size === 0) {
            replaceChildren(this.listElement, h('li', {class: 'empty'}, 'No messages yet. Your care team will write to '
                + 'you here.'));
            return;
        }
        replaceChildren(this.listElement, this.inbox.order.map(id => this.row(this.inbox.get(id))));
    }

    row(item) {
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
    }

    listChanged() {
        this.showList();
    }

    showSelected() {
        this.showList();
    }

    showUnread() {
        // the title says it (ThreadApp.showCounters), and each row
    }

    threadView(timeline) {
        return new PatientThread(timeline, {
            onBack: () => {
                location.hash = '#/';
            },
        });
    }

    showSessionEnded() {
        replaceChildren(this.root, h('main', {class: 'gate', id: 'main'}, h('div', {class: 'gate-card'},
            h('h1', {}, 'Your session has ended'),
            h('p', {}, 'For your privacy CareChat signs you out after a while without use, or when you sign out '
                + 'everywhere.'),
            h('a', {class: 'button primary', href: '/patient/'}, 'Sign in again'))));
    }
}
