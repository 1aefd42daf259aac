// "Contact requests" in the staff app: the queue and the open request side by side (#/requests, #/requests/<id>),
// the counts on its tabs and in the navigation, and the "New messages" reminder on the main page. A contact_request
// frame (a request this user may see changed) has the counts and the queue read again; the open request's thread
// is followed live through the link (watch). The queue is built when the desk is first shown and the request's view
// imported when a request is first opened: the app's start does without both (docs/decisions.md, "the staff app's
// first screen in two steps").

import {ContactQueue} from './contact-queue.js';
import {api} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {plural} from '../shared/format.js';

export const REQUEST_ROUTE = /^#\/requests(?:\/([^/]+))?$/;
const REFRESH_AFTER_MS = 250;

export class ContactDesk {

    /** @param actions {onConversation(id): open a patient conversation} */
    constructor(root, me, link, actions) {
        this.root = root;
        this.me = me;
        this.link = link;
        this.actions = actions;
        this.view = null;
        this.opening = 0; // the request being opened: one asked for later wins
        this.colleagues = null;
        this.queue = null; // built on first show: see built()
        this.counts = null; // the latest counts read, for the queue's tabs once it is built
        this.element = h('div', {class: 'panes contact-desk', hidden: true});
        this.newBadge = h('span', {class: 'badge new-requests', hidden: true});
        this.messagesBadge = h('span', {class: 'badge new-messages', hidden: true});
        this.navLink = h('a', {href: '#/requests', class: 'nav-requests', dataset: {section: 'requests'}},
            'Contact requests', this.newBadge, this.messagesBadge);
        this.reminder = h('p', {class: 'contact-reminder', role: 'status', hidden: true});
    }

    /**
     * The queue, built (with the request pane, in `element`) the first time it is needed: the desk is hidden at the
     * app's start, and its tabs, filters and search are about forty elements the first screen need not make.
     */
    built() {
        if (!this.queue) {
            this.queue = new ContactQueue();
            this.requestPane = h('div', {class: 'thread-pane request-pane'}, placeholder());
            this.element.append(this.queue.element, this.requestPane);
            if (this.counts) {
                this.queue.showCounts(this.counts);
            }
        }
        return this.queue;
    }

    /** The app's route is one of the desk's: show the queue, and the request it names. */
    async show(match) {
        const id = match[1] ? decodeURIComponent(match[1]) : null;
        this.built();
        if (!this.shown) {
            this.shown = true;
            this.refresh();
        }
        if (!this.reasonsAsked) {
            this.reasonsAsked = true;
            this.queue.loadReasons();
        }
        this.queue.select(id);
        this.root.classList.toggle('thread-open', Boolean(id));
        if (this.view?.requestId === id) {
            return;
        }
        this.closeView();
        const ticket = ++this.opening;
        if (!id) {
            replaceChildren(this.requestPane, placeholder());
            return;
        }
        const {ContactRequestView} = await import('./contact-request-view.js');
        if (ticket !== this.opening || !this.shown) {
            return;
        }
        const view = new ContactRequestView(id, this.me, this.link, {
            onBack: () => {
                location.hash = '#/requests';
            },
            onChanged: () => this.refreshSoon(),
            onConversation: conversation => this.actions.onConversation(conversation),
            colleagues: () => this.staff(),
        });
        this.view = view;
        replaceChildren(this.requestPane, view.element);
        try {
            await view.load();
            view.focus();
        } catch (error) {
            if (this.view === view) {
                replaceChildren(this.requestPane, h('p', {class: 'thread-error', role: 'alert'}, error.message));
            }
        }
    }

    /** Leaving the desk for the messages. */
    hide() {
        this.shown = false;
        this.opening++;
        this.closeView();
        this.root.classList.remove('thread-open');
    }

    closeView() {
        this.view?.close();
        this.view = null;
    }

    /** The thread this desk follows, for the live link's resume. */
    heldCursor() {
        return this.view?.heldCursor() ?? null;
    }

    /** Whether live entries of conversation `c` are this desk's (the open request's thread). */
    owns(c) {
        return this.view?.timeline?.id === c;
    }

    receive(entries) {
        this.view?.receive(entries);
    }

    /** A contact_request frame: counts and queue read again; the open request too when it is the one. */
    changed(frame) {
        if (this.view?.requestId === frame.id) {
            this.view.reload();
        }
        this.refreshSoon();
    }

    refreshSoon() {
        clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => this.refresh(), REFRESH_AFTER_MS);
    }

    /** Reads the counts (navigation, tabs, reminder) and, while the desk is shown, the queue. */
    async refresh() {
        try {
            this.showCounts(await api('GET', '/api/v1/contact-requests/counts'));
        } catch (unreachable) {
            // the counts stay as they were; the next frame or reconnect reads them again
        }
        if (this.shown) {
            await this.queue.load();
        }
    }

    showCounts(counts) {
        this.counts = counts;
        this.queue?.showCounts(counts);
        badge(this.newBadge, counts.newRequests, 'new requests');
        badge(this.messagesBadge, counts.newMessages, 'requests with new messages');
        this.reminder.hidden = counts.newMessages === 0;
        replaceChildren(this.reminder, counts.newMessages === 0 ? null : [
            h('strong', {}, 'New messages: '),
            `${plural(counts.newMessages, 'contact request has', 'contact requests have')} a new message from the `
                + 'patient. ',
            h('a', {href: '#/requests', onClick: () => this.built().setTab('new_messages')}, 'Open them')]);
    }

    /** The organisation's staff, to assign a request to (read once). */
    staff() {
        this.colleagues ??= api('GET', '/api/v1/users?limit=200')
            .then(users => users.filter(u => !u.disabled).map(u => ({id: u.id, displayName: u.displayName})));
        return this.colleagues;
    }
}

function badge(node, count, what) {
    node.hidden = !count;
    node.textContent = String(count ?? 0);
    node.setAttribute('aria-label', `${count} ${what}`);
}

function placeholder() {
    return h('div', {class: 'thread-placeholder'}, h('p', {}, 'Choose a contact request from the queue.'));
}
