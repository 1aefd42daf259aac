// The signed-in patient app: their conversations and contact requests, one open at a time (phone first), live over
// the same WebSocket as the staff app, with the connection indicator, sign-out and sign-out everywhere. The live link,
// the list model kept current by live frames, the open conversation's model and the order of reads are
// ../shared/thread-app.js's.

import {api} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {dateTime, plural} from '../shared/format.js';
import {ThreadApp} from '../shared/thread-app.js';
import {contactPracticeDialog, PatientRequestView, REQUEST_ROUTE, requestRows} from './patient-requests.js';

// Plain words for the live link: what it means for the patient, not the technical state
const CONNECTION_TEXT = {connected: 'Up to date', connecting: 'Checking for messages…',
    offline: 'Offline: messages you write are sent when you are back online'};

/** Starts the app for patient `me`; `practice`: the practice's profile (name, notices), or null when unread. */
export function startPatientApp(root, me, practice) {
    const app = new PatientApp(root, me, practice);
    app.start();
    return app;
}

class PatientApp extends ThreadApp {
    constructor(root, me, practice) {
        super(root, me, {home: '/patient/'});
        this.practiceProfile = practice;
        this.requests = [];
        this.request = null; // the open contact request's view
    }

    layout() {
        this.connection = h('span', {class: 'connection', role: 'status', dataset: {status: 'connecting'}},
            h('span', {class: 'connection-dot', 'aria-hidden': 'true'}), h('span', {class: 'connection-text'}));
        this.listElement = h('ul', {id: 'conversation-list', class: 'conversations'});
        this.requestList = h('ul', {id: 'request-list', class: 'conversations requests', 'aria-labelledby':
            'requests-title'});
        this.threadPane = h('div', {class: 'thread-pane'});
        this.practice = h('span', {class: 'brand practice-name'}, 'CareChat');
        this.emergencyNotice = h('p', {class: 'emergency-notice', hidden: true});
        this.expectedReply = h('p', {class: 'expected-reply', hidden: true});
        replaceChildren(this.root,
            h('header', {class: 'topbar'},
                this.practice,
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
                    h('h1', {id: 'list-title'}, 'Your messages'), this.emergencyNotice, this.expectedReply,
                    this.listElement,
                    h('div', {class: 'contact-practice'},
                        h('h2', {id: 'requests-title'}, 'Your requests to the practice'),
                        this.requestList,
                        h('button', {type: 'button', class: 'primary contact-button', onClick: () => this.contact()},
                            'Contact the practice'))),
                this.threadPane));
        this.showPractice();
    }

    /**
     * The practice's name in the bar; above the list its "not for emergencies" sentence and, where it says, how soon it
     * usually replies.
     */
    showPractice() {
        const practice = this.practiceProfile;
        if (!practice) {
            return;
        }
        this.practice.textContent = practice.name;
        this.emergencyNotice.textContent = practice.emergencyNotice;
        this.emergencyNotice.hidden = false;
        this.expectedReply.textContent = practice.expectedReply ?? '';
        this.expectedReply.hidden = !practice.expectedReply;
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

    synced() {
        super.synced();
        this.loadRequests();
    }

    async loadRequests() {
        try {
            this.requests = await api('GET', '/api/v1/contact-requests/mine');
        } catch (unreachable) {
            return; // read again after the next reconnect
        }
        this.showRequests();
    }

    showRequests() {
        replaceChildren(this.requestList, this.requests.length ? requestRows(this.requests, this.request?.requestId)
            : h('li', {class: 'empty'}, 'You have not contacted the practice from here yet.'));
    }

    async contact() {
        const id = await contactPracticeDialog();
        if (id) {
            await this.loadRequests();
            location.hash = `#/requests/${encodeURIComponent(id)}`;
        }
    }

    route() {
        const request = location.hash.match(REQUEST_ROUTE);
        if (!request) {
            this.closeRequest();
            super.route();
            return;
        }
        const id = decodeURIComponent(request[1]);
        if (this.request?.requestId === id) {
            return;
        }
        this.closeThread();
        this.closeRequest();
        const view = new PatientRequestView(id, this.me, this.link, {onBack: () => {
            location.hash = '#/';
        }});
        this.request = view;
        replaceChildren(this.threadPane, view.element);
        this.root.classList.add('thread-open');
        this.showRequests();
        view.load().then(() => view.focus()).catch(error => {
            if (this.request === view) {
                replaceChildren(this.threadPane, h('p', {class: 'thread-error', role: 'alert'}, error.message));
            }
        });
    }

    closeRequest() {
        this.request?.close();
        this.request = null;
    }

    otherCursors() {
        return [this.request?.heldCursor()];
    }

    onEntries(c, entries) {
        if (this.request?.owns(c)) {
            this.request.receive(entries);
            if (entries.some(e => e.kind === 'contact_status')) {
                this.loadRequests();
            }
            return;
        }
        super.onEntries(c, entries);
    }

    onReset(frame) {
        if (!this.request?.owns(frame.c)) {
            super.onReset(frame);
        }
    }

    showSelected() {
        this.showList();
    }

    showUnread() {
        // the title says it (ThreadApp.showCounters), and each row
    }

    /** The thread's modules (composer, message history, attachments) when the first conversation opens. */
    async loadThreadView() {
        this.PatientThread ??= (await import('./patient-thread.js')).PatientThread;
    }

    threadView(timeline) {
        return new this.PatientThread(timeline, {
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
