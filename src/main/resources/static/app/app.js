// The signed-in staff app: top bar, urgent messages, statistics, the conversation list and the open thread. The live
// link, the list model, the open conversation's model and the order of reads are ../shared/thread-app.js's; this adds
// what staff have on top: availability, urgent alerts, alerts on new messages, creating conversations, deleting
// messages and patient profiles.

import {Alerts} from './alerts.js';
import {PushAlerts} from './push-alerts.js';
import {ContactDesk, REQUEST_ROUTE} from './contact-desk.js';
import {AvailabilityBoard, statusSelector} from './availability.js';
import {ConversationList, PHONE, StatsBar} from './conversation-list.js';
import {sessionEndedPage} from './sign-in.js';
import {TopBar} from './top-bar.js';
import {UrgentPanel} from './urgent-panel.js';
import {api} from '../shared/api.js';
import {confirmDialog} from '../shared/dialog.js';
import {afterNextFrame, h, replaceChildren} from '../shared/dom.js';
import {conversationTitle} from '../shared/inbox-model.js';
import {CONVERSATION_ROUTE, ThreadApp} from '../shared/thread-app.js';

const PATIENT_ROUTE = /^#\/patients\/([^/]+)$/;
const PATIENT_HISTORY_ROUTE = /^#\/patients\/([^/]+)\/history$/;
const CONSOLE_ROUTE = /^#\/console(?:\/([a-z]+))?$/;
const ACCOUNT_ROUTE = '#/account';

export function startApp(root, session) {
    const app = new App(root, session.user);
    app.start();
    return app;
}

class App extends ThreadApp {
    constructor(root, me) {
        super(root, me, {
            home: '/',
            lookUpName: async id => (await api('GET', `/api/v1/users/${encodeURIComponent(id)}`)).displayName,
        });
        this.list = new ConversationList(this.inbox);
        this.stats = new StatsBar();
        this.preferences = null;
        this.pageTicket = 0; // the page being opened: an older one that finishes late is not shown
        this.pageShown = false; // the console or the account in place of the conversations
        this.deskShown = false;
        this.alerts = new Alerts(enabled => this.savePreferences({messageAlerts: enabled}));
        // the whole body, not only the app's root: dialogs (people pickers) are opened outside it
        this.availability = new AvailabilityBoard(root.ownerDocument.body);
        this.urgent = new UrgentPanel(this.alerts, this.inbox);
        this.lastConversationHash = '#/';
        this.firstScreen = new Promise(resolve => {
            this.firstScreenShown = resolve;
        });
        this.desk = new ContactDesk(root, me, this.link, {
            onConversation: id => {
                location.hash = `#/c/${encodeURIComponent(id)}`;
            },
        });
        this.frames
            .on('contact_request', frame => this.desk.changed(frame))
            .on('availability', frame => this.availability.apply(frame))
            .on('urgent', frame => this.urgent.raise(frame.alert))
            .on('urgent_cleared', frame => this.urgent.clear(frame.alertId));
    }

    /**
     * Builds the first screen in one task: the top bar's frame, the headings, the urgent messages' banner (an urgent
     * message never waits) and the list pane. What is not in view at first is made after it: on a phone the alerts
     * and status behind "More" a frame later; the contact desk's queue when it is first shown (docs/decisions.md,
     * "the staff app's first screen in two steps").
     */
    layout() {
        this.topBar = new TopBar({
            me: this.me,
            moreItems: () => [this.alerts.button, statusSelector(this.me, this.availability)],
            onNewConversation: async () => (await import('./new-conversation-dialog.js'))
                .newConversationDialog(this.me, (id, first) => this.created(id, first)),
            onSignOut: () => this.signOut(),
            extraNav: [this.desk.navLink],
        });
        this.announcer = h('p', {class: 'visually-hidden', 'aria-live': 'polite'});
        this.threadPane = h('div', {class: 'thread-pane'}, this.emptyPane());
        this.heading = h('h1', {class: 'visually-hidden'}, 'Messages');
        this.messagesPanes = h('div', {class: 'panes'}, this.list.element, this.threadPane);
        this.messages = h('div', {class: 'workspace-content'},
            this.heading,
            this.urgent.element,
            this.desk.reminder,
            this.stats.element,
            this.messagesPanes,
            this.desk.element);
        this.pageHolder = h('div', {class: 'page-holder', hidden: true});
        replaceChildren(this.root,
            h('a', {class: 'skip-link', href: '#conversation-list'}, 'Skip to conversations'),
            this.topBar.element,
            h('main', {id: 'main', class: 'workspace'}, this.messages, this.pageHolder),
            this.alerts.toasts, this.announcer);
        if (matchMedia(PHONE).matches) {
            afterNextFrame(() => this.topBar.fillMore()); // behind "More": not drawn in the first frame
        } else {
            this.topBar.fillMore();
        }
        const push = new PushAlerts({
            onTurnOn: () => this.alerts.turnOn(),
            firstScreen: this.firstScreen,
            announce: text => {
                this.announcer.textContent = text;
            },
        });
        afterNextFrame(() => push.start()); // the service worker's registration is not the first screen's work
    }

    /**
     * The account's preference (alerts on or off) and alert settings (their sound); refusals: the account page. Read
     * once the list has been read: they matter for the messages that arrive after it, and the first screen's reads
     * (the session, the list, availability, urgent alerts) go first on a phone's few connections.
     */
    loadPreferences() {
        api('GET', '/api/v1/account/preferences').then(preferences => {
            this.preferences = preferences;
            this.alerts.prefer(preferences.messageAlerts);
        }, () => {}); // the app works with the browser's own setting
        api('GET', '/api/v1/push/settings').then(settings => this.alerts.setSound(settings.sound),
            () => this.alerts.soundUnknown());
    }

    /** The next person to sign in on this browser has their own alert settings. */
    signOut(everywhere = false) {
        this.alerts.forgetSound();
        return super.signOut(everywhere);
    }

    async savePreferences(change) {
        if (!this.preferences) {
            return;
        }
        try {
            this.preferences = await api('PUT', '/api/v1/account/preferences', {...this.preferences, ...change});
        } catch (error) {
            this.announcer.textContent = error.message;
        }
    }

    /** Shows a page (the console, the account) in place of the conversations; the live link goes on. */
    showPage(section, title, make) {
        this.topBar.showSection(section);
        this.messages.hidden = true;
        this.pageHolder.hidden = false;
        this.pageShown = true;
        const ticket = ++this.pageTicket;
        replaceChildren(this.pageHolder, h('h1', {class: 'visually-hidden'}, title),
            h('p', {role: 'status'}, 'Loading…'));
        Promise.resolve(make()).then(page => {
            if (ticket === this.pageTicket) {
                replaceChildren(this.pageHolder, h('h1', {class: 'visually-hidden'}, title), page);
                page.querySelector('.console-title')?.focus();
            }
        }, error => replaceChildren(this.pageHolder, h('p', {class: 'error', role: 'alert'}, error.message)));
    }

    /** The conversations in place of a page; where they are shown already (the first route), nothing is redone. */
    showMessages() {
        this.pageTicket++; // a page still loading is not shown
        this.topBar.showSection('messages');
        if (!this.pageShown) {
            return;
        }
        this.pageShown = false;
        this.pageHolder.hidden = true;
        replaceChildren(this.pageHolder);
        this.messages.hidden = false;
    }

    showConnection(status) {
        this.topBar.showConnection(status);
    }

    /**
     * The list first, then urgent messages, in this task; colleagues' statuses and the contact requests' counts in
     * the next, so the handler stays short on a phone.
     */
    synced() {
        super.synced();
        this.urgent.load();
        setTimeout(() => {
            this.availability.load();
            this.desk.refresh();
        });
    }

    otherCursors() {
        return [this.desk.heldCursor()];
    }

    onEntries(c, entries) {
        if (this.desk.owns(c)) {
            this.desk.receive(entries); // a contact request's thread: not one of the user's conversations
            return;
        }
        super.onEntries(c, entries);
    }

    onReset(frame) {
        if (!this.desk.owns(frame.c)) {
            super.onReset(frame);
        }
    }

    showList() {
        const complete = this.list.renderAll();
        performance.mark('carechat:list-ready'); // User Timing marks: the UI benchmark reads them
        complete.then(() => performance.mark('carechat:list-complete'));
        this.list.select(this.thread?.id ?? null);
        this.firstScreenShown();
        if (!this.preferencesAsked) {
            this.preferencesAsked = true;
            this.loadPreferences();
        }
    }

    listChanged(c) {
        this.list.update(c);
    }

    showSelected(id) {
        this.list.select(id);
    }

    showUnread(unread) {
        this.topBar.showUnread(unread);
        this.stats.show(this.inbox.stats());
    }

    newMessage(c, entry, looking) {
        if (looking) {
            this.announcer.textContent = `New message from ${entry.senderName || 'a colleague'}`;
            return;
        }
        const item = this.inbox.get(c);
        this.alerts.newMessage(entry.senderName, item && conversationTitle(item.conversation, item.patient, item.with));
    }

    leftConversation() {
        this.announcer.textContent = 'You are no longer a member of that conversation.';
    }

    route() {
        const request = location.hash.match(REQUEST_ROUTE);
        if (request) {
            this.showMessages();
            this.showDesk(true);
            this.closeThread();
            this.desk.show(request);
            return;
        }
        this.desk.hide();
        this.showDesk(false);
        const consolePage = location.hash.match(CONSOLE_ROUTE);
        if (consolePage && this.me.role === 'admin') {
            this.showPage('console', 'Admin console',
                async () => (await import('./console.js')).consoleView(this.me, consolePage[1]));
            return;
        }
        if (location.hash === ACCOUNT_ROUTE) {
            this.showPage('account', 'Account settings', async () => (await import('./account.js'))
                .accountPage(this.me, {
                    onPreferences: saved => {
                        this.preferences = saved;
                        this.alerts.prefer(saved.messageAlerts, true);
                    },
                    onAlertSettings: saved => this.alerts.setSound(saved.sound),
                }));
            return;
        }
        const historyOf = location.hash.match(PATIENT_HISTORY_ROUTE);
        if (historyOf) {
            this.showPage('messages', 'Patient history', async () => (await import('./patient-history.js'))
                .patientHistoryPage(decodeURIComponent(historyOf[1])));
            return;
        }
        this.showMessages();
        const patient = location.hash.match(PATIENT_ROUTE);
        if (patient) {
            import('./patient-profile.js')
                .then(({showPatientProfile}) => showPatientProfile(decodeURIComponent(patient[1])))
                .then(handle => {
                    handle.dialog.addEventListener('close', () => {
                        if (!PATIENT_ROUTE.test(location.hash)) {
                            return; // left for another page (the patient's history), which keeps its address
                        }
                        history.replaceState(null, '', this.lastConversationHash);
                    });
                });
            return;
        }
        this.lastConversationHash = CONVERSATION_ROUTE.test(location.hash) ? location.hash : '#/';
        super.route();
    }

    /** "Contact requests" or "Messages" in the workspace and the navigation; the workspace changes only if needed. */
    showDesk(shown) {
        this.topBar.showSection(shown ? 'requests' : 'messages');
        if (shown === this.deskShown) {
            return; // the layout starts with the messages shown
        }
        this.deskShown = shown;
        this.desk.element.hidden = !shown;
        this.messagesPanes.hidden = shown;
        this.stats.element.hidden = shown;
        this.desk.reminder.classList.toggle('off', shown);
        this.heading.textContent = shown ? 'Contact requests' : 'Messages';
    }

    /** The thread's modules (composer, message history, attachments) when the first conversation opens. */
    async loadThreadView() {
        this.ThreadView ??= (await import('./thread-view.js')).ThreadView;
    }

    threadView(timeline) {
        return new this.ThreadView(timeline, this.me, {
            onBack: () => {
                location.hash = '#/';
            },
            onEdit: async details => (await import('./edit-conversation-dialog.js'))
                .editConversationDialog(this.me, details, () => timeline.reloadDetails()),
            onProfile: patientId => {
                location.hash = `#/patients/${encodeURIComponent(patientId)}`;
            },
            onDelete: seq => this.deleteMessage(timeline.id, seq),
            onMuted: muted => this.mutedChanged(timeline.id, muted),
            urgent: this.urgent,
        });
    }

    emptyThreadPane() {
        return h('div', {class: 'thread-placeholder'},
            h('p', {}, 'Choose a conversation from the list, or start a new one.'));
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

    /** A session single sign-on made also ends at the organisation's identity provider, where it offers that. */
    async providerSignOutUrl() {
        try {
            return (await api('GET', '/api/v1/auth/sso-sign-out')).providerSignOutUrl || null;
        } catch {
            return null; // signing out of CareChat must not wait on the provider
        }
    }

    async showSessionEnded() {
        await sessionEndedPage(this.root);
        location.replace('/#');
        location.reload();
    }
}
