// One contact request as staff work it (the right pane of "Contact requests"): who it is from (the linked record, or
// the details given), the reason, its status and history, and its thread. The buttons follow the seed: "In progress",
// "Case close", reopening from the archive, assigning, "Close thread" (hidden on this screen only, until the patient
// writes), and "Send message" only while In progress, with the reason shown otherwise. Linking an unmatched request
// to a record, and continuing a linked one as a patient conversation.

import {smsComposer} from './sms-composer.js';
import {peopleSearch} from './people-search.js';
import {api} from '../shared/api.js';
import {openDialog} from '../shared/dialog.js';
import {h, icon, replaceChildren} from '../shared/dom.js';
import {dateTime} from '../shared/format.js';
import {RequestMessages} from '../shared/request-thread.js';
import {RequestTimeline} from '../shared/request-timeline.js';

const STATUS_NAMES = {new: 'New', in_progress: 'In progress', complete: 'Complete'};
const CHANNELS = {sms: 'SMS', app: 'the app', phone: 'a phone call'};

export class ContactRequestView {

    /**
     * @param actions {onBack, onChanged (the queue and counts to read again), onConversation(id), colleagues() ->
     *                promise of [{id, displayName}]}
     */
    constructor(requestId, me, link, actions) {
        this.requestId = requestId;
        this.me = me;
        this.link = link;
        this.actions = actions;
        this.timeline = null;
        this.details = null;
        this.threadShown = true;
        this.header = h('header', {class: 'request-header'});
        this.facts = h('div', {class: 'request-facts'});
        this.threadArea = h('section', {class: 'request-thread', 'aria-label': 'Messages with the patient'});
        this.announcer = h('p', {class: 'visually-hidden', 'aria-live': 'polite'});
        this.element = h('section', {class: 'request', 'aria-labelledby': 'request-title', dataset: {id: requestId}},
            this.header, h('div', {class: 'request-body'}, this.facts, this.threadArea), this.announcer);
    }

    /** Reads the request and its newest messages, then follows its thread live. */
    async load() {
        this.details = await api('GET', this.path());
        this.timeline = new RequestTimeline(this.requestId, this.details.conversation.id, this.me, {
            link: this.link,
            writePath: 'sms',
            onPatientWrote: () => this.patientWrote(),
        });
        this.messages = new RequestMessages(this.timeline, {viewer: 'staff', patientName: () => this.patientName()});
        this.timeline.addEventListener('appended', event => {
            if (event.detail.entry.kind.startsWith('contact_')) {
                this.reload();
            }
        });
        this.threadShown = !this.details.request.threadHidden;
        this.render();
        await this.timeline.load();
        if (this.details.request.newMessages) {
            this.seen();
        }
    }

    /** The conversation this view follows, for the live link's resume. */
    heldCursor() {
        return this.timeline?.heldCursor() ?? null;
    }

    /** Live entries of this request's thread. */
    receive(entries) {
        this.timeline?.receive(entries);
    }

    close() {
        this.timeline?.close();
    }

    /** The request changed (a frame, or an action here): read it again. */
    async reload() {
        try {
            this.details = await api('GET', this.path());
            this.timeline?.setDetails(this.details);
            this.render();
        } catch (error) {
            this.announcer.textContent = error.message;
        }
    }

    render() {
        const {request, history} = this.details;
        const person = request.person;
        replaceChildren(this.header,
            h('button', {type: 'button', class: 'back', 'aria-label': 'Back to the requests',
                onClick: () => this.actions.onBack()}, icon('back')),
            h('div', {class: 'request-title'},
                h('h2', {id: 'request-title', tabindex: '-1'}, this.patientName()),
                h('p', {class: 'request-sub'},
                    h('span', {class: `status-badge ${request.status}`}, STATUS_NAMES[request.status]),
                    h('span', {}, request.reason ? request.reason.name : 'No reason given'),
                    person.matched ? h('span', {class: 'patient-id'}, `ID ${person.mrn}`)
                        : h('span', {class: 'unmatched'}, 'Not matched to a patient record'))),
            h('div', {class: 'request-actions'}, this.statusButtons(request), this.sendButton(),
                this.threadButton(), this.assignControl(request), this.linkButton(person)));
        replaceChildren(this.facts,
            h('h3', {class: 'facts-title'}, 'Details'),
            h('dl', {class: 'request-details'},
                fact('Name', person.name ?? 'Not given'),
                fact('Date of birth', person.birthDate ?? 'Not given'),
                fact('Mobile', person.mobile ?? 'None', person.mobile && !person.mobileValid
                    ? h('span', {class: 'warning'}, ' (not a valid mobile number)') : null),
                fact('Patient ID', person.matched ? person.mrn : 'Not matched'),
                fact('Reason', request.reason ? request.reason.name : 'No reason given'),
                fact('Prefers', CHANNELS[request.preferredChannel] ?? request.preferredChannel),
                fact('Assigned to', request.assignee ? request.assignee.name : 'Nobody'),
                fact('Received', dateTime(request.createdAt))),
            h('h3', {class: 'facts-title'}, 'History'),
            h('ol', {class: 'request-history'}, history.map(step => h('li', {},
                h('span', {class: 'step-what'}, stepText(step)),
                h('span', {class: 'step-who'}, ` ${step.by?.name ?? ''} · `),
                h('time', {datetime: new Date(step.at).toISOString()}, dateTime(step.at))))),
            this.details.convertedTo ? h('p', {class: 'converted'},
                h('a', {href: `#/c/${encodeURIComponent(this.details.convertedTo)}`}, 'Open the patient conversation'))
                : null);
        this.renderThread();
    }

    renderThread() {
        if (!this.threadShown) {
            replaceChildren(this.threadArea, h('div', {class: 'thread-closed'},
                h('p', {}, 'You closed this thread. It opens again by itself when the patient writes; your team is '
                    + 'told under "New messages".'),
                h('button', {type: 'button', class: 'secondary show-thread', onClick: () => this.setThread(true)},
                    'Show thread')));
            return;
        }
        const blocked = this.details.messageBlockedBecause;
        this.composer = blocked ? null : smsComposer({onSend: body => this.timeline.send(body)});
        replaceChildren(this.threadArea,
            h('h3', {class: 'visually-hidden'}, 'Messages'),
            this.messages.element,
            h('div', {class: 'thread-footer', id: 'request-composer'}, blocked
                ? h('p', {class: 'one-way-note send-blocked', id: 'send-blocked', role: 'note'}, blocked)
                : this.composer.element));
        this.messages.scrollToNewest();
    }

    statusButtons(request) {
        const button = (label, status, css) => h('button', {type: 'button', class: `${css} status-action`,
            dataset: {status}, onClick: () => this.changeStatus(status)}, label);
        switch (request.status) {
            case 'new':
                return [button('In progress', 'in_progress', 'primary'), button('Case close', 'complete', 'secondary')];
            case 'in_progress':
                return button('Case close', 'complete', 'secondary');
            default:
                return button('Reopen (In progress)', 'in_progress', 'primary');
        }
    }

    sendButton() {
        const blocked = this.details.messageBlockedBecause;
        return h('button', {type: 'button', class: 'secondary send-message', 'aria-disabled': blocked ? 'true' : null,
            'aria-describedby': blocked ? 'send-blocked' : null, title: blocked ?? 'Write an SMS to the patient',
            onClick: () => {
                if (blocked) {
                    this.announcer.textContent = blocked;
                    return;
                }
                if (!this.threadShown) {
                    this.setThread(true);
                }
                this.composer?.focus();
            }}, 'Send message');
    }

    threadButton() {
        return this.threadShown
            ? h('button', {type: 'button', class: 'secondary close-thread', onClick: () => this.setThread(false),
                title: 'Hide the thread on your screen; a reply from the patient still alerts the team'}, 'Close thread')
            : null;
    }

    assignControl(request) {
        const select = h('select', {id: 'assignee', class: 'assignee'},
            h('option', {value: ''}, 'Nobody'),
            h('option', {value: this.me.id}, `Me (${this.me.displayName})`));
        if (request.assignee && request.assignee.id !== this.me.id) {
            select.appendChild(h('option', {value: request.assignee.id}, request.assignee.name));
        }
        select.value = request.assignee?.id ?? '';
        this.actions.colleagues().then(colleagues => {
            for (const c of colleagues) {
                if (c.id !== this.me.id && c.id !== request.assignee?.id) {
                    select.appendChild(h('option', {value: c.id}, c.displayName));
                }
            }
        }).catch(() => {});
        select.addEventListener('change', () => this.assign(select.value || null));
        return h('span', {class: 'assign'}, h('label', {for: 'assignee'}, 'Assigned to'), select);
    }

    linkButton(person) {
        if (!person.matched) {
            return h('button', {type: 'button', class: 'secondary link-patient', onClick: () => this.linkDialog()},
                'Link to patient record');
        }
        return h('button', {type: 'button', class: 'secondary continue-conversation',
            onClick: () => this.convert()}, this.details.convertedTo ? 'Open conversation' : 'Continue as conversation');
    }

    async changeStatus(status) {
        await this.act(() => api('POST', `${this.path()}/status`, {status}),
            `Request ${STATUS_NAMES[status] === 'Complete' ? 'closed' : 'moved to ' + STATUS_NAMES[status]}.`);
    }

    async assign(userId) {
        await this.act(() => api('PUT', `${this.path()}/assignee`, {userId}), 'Assignment saved.');
    }

    /**
     * "Close thread" hides the thread on this screen and goes back to the queue, to work on another case; the
     * patient's next message opens it again and raises "New messages" for the team. "Show thread" shows it at once.
     */
    async setThread(shown) {
        this.threadShown = shown;
        this.render();
        await this.act(() => api('PUT', `${this.path()}/thread`, {hidden: !shown}),
            shown ? 'Thread shown.' : 'Thread closed on your screen; a reply from the patient will show under New '
                + 'messages.');
        if (!shown) {
            this.actions.onBack();
        }
    }

    async convert() {
        try {
            const {conversationId} = await api('POST', `${this.path()}/conversation`);
            this.actions.onConversation(conversationId);
        } catch (error) {
            this.announcer.textContent = error.message;
            window.alert(error.message);
        }
    }

    linkDialog() {
        let handle = null;
        const search = peopleSearch({id: 'link-patient-search', kind: 'patient',
            label: 'Find the patient by name or patient ID',
            onPick: async result => {
                try {
                    await api('PUT', `${this.path()}/patient`, {patientId: result.id});
                    handle.close();
                    await this.reload();
                    this.actions.onChanged();
                } catch (error) {
                    handle.error(error.message);
                }
            }});
        handle = openDialog({title: 'Link to a patient record', content: h('div', {class: 'link-form'}, search.element)});
        search.input.focus();
    }

    /** Runs an action, then reads the request and the queue again; a refusal is said, not thrown. */
    async act(call, done) {
        try {
            await call();
            this.announcer.textContent = done;
            await this.reload();
            this.actions.onChanged();
        } catch (error) {
            this.announcer.textContent = error.message;
            window.alert(error.message);
        }
    }

    patientWrote() {
        if (!this.threadShown) {
            this.threadShown = true;
            this.renderThread();
        }
        this.seen();
    }

    /** The team's "New messages" for this request goes down: someone has it open. */
    seen() {
        api('POST', `${this.path()}/seen`).then(() => this.actions.onChanged()).catch(() => {});
    }

    patientName() {
        const person = this.details?.request.person;
        return person?.name ?? person?.mobile ?? 'Unknown sender';
    }

    focus() {
        this.header.querySelector('h2')?.focus();
    }

    path() {
        return `/api/v1/contact-requests/${encodeURIComponent(this.requestId)}`;
    }
}

function fact(label, value, extra = null) {
    return [h('dt', {}, label), h('dd', {}, value, extra)];
}

function stepText(step) {
    switch (step.kind) {
        case 'contact_status':
            return step.from ? `${STATUS_NAMES[step.status]} (was ${STATUS_NAMES[step.from]}) by` : 'Received:';
        case 'contact_assigned':
            return step.assignee ? 'Assigned by' : 'Unassigned by';
        case 'contact_linked':
            return 'Linked to a patient record by';
        case 'contact_converted':
            return 'Continued as a patient conversation by';
        default:
            return step.kind;
    }
}
