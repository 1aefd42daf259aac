// Contact requests in the patient app: "Contact the practice" (a reason from the practice's list, the text, how they
// would like to be answered), the list of their requests, and one request open with its thread (#/requests/<id>):
// the practice's SMS and messages, their own answers, and a reply box until the request is closed — then the
// practice's note on how to reach it instead.

import {api} from '../shared/api.js';
import {openDialog} from '../shared/dialog.js';
import {h, icon, replaceChildren} from '../shared/dom.js';
import {dateTime} from '../shared/format.js';
import {RequestMessages} from '../shared/request-thread.js';
import {RequestTimeline} from '../shared/request-timeline.js';

export const REQUEST_ROUTE = /^#\/requests\/([^/]+)$/;
const STATUS_NAMES = {new: 'Received', in_progress: 'In progress', complete: 'Closed'};

/** The "Contact the practice" form, in a dialog; resolves the new request's id (or null when closed). */
export async function contactPracticeDialog() {
    let reasons = [];
    try {
        reasons = await api('GET', '/api/v1/contact-reasons');
    } catch (error) {
        window.alert(error.message);
        return null;
    }
    return new Promise(resolve => {
        let raised = null;
        const reason = h('select', {id: 'contact-reason', required: reasons.length > 0},
            h('option', {value: ''}, 'Choose a reason'),
            reasons.map(r => h('option', {value: r.id}, r.label)));
        const text = h('textarea', {id: 'contact-text', rows: 5, maxlength: 2000, required: true});
        const channel = (value, label, checked) => h('label', {class: 'choice'},
            h('input', {type: 'radio', name: 'contact-channel', value, checked}), label);
        const form = h('form', {class: 'contact-form'},
            reasons.length ? h('div', {class: 'field'}, h('label', {for: 'contact-reason'}, 'Reason'), reason) : null,
            h('div', {class: 'field'}, h('label', {for: 'contact-text'}, 'Your message'), text),
            h('fieldset', {class: 'choices'}, h('legend', {}, 'How would you like the practice to answer?'),
                channel('sms', 'By SMS', true), channel('app', 'Here in the app', false),
                channel('phone', 'A phone call', false)),
            h('div', {class: 'dialog-actions'}, h('button', {type: 'submit', class: 'primary'}, 'Send to the practice')));
        const handle = openDialog({title: 'Contact the practice', content: form});
        form.addEventListener('submit', async event => {
            event.preventDefault();
            try {
                const preferredChannel = form.querySelector('input[name=contact-channel]:checked').value;
                const answer = await api('POST', '/api/v1/contact-requests', {
                    ...(reason.value ? {reasonId: reason.value} : {}), text: text.value, preferredChannel});
                raised = answer.id;
                handle.close();
            } catch (error) {
                handle.error(error.message);
            }
        });
        handle.dialog.addEventListener('close', () => resolve(raised));
        (reasons.length ? reason : text).focus();
    });
}

/** One of the patient's requests, open. */
export class PatientRequestView {

    constructor(requestId, me, link, {onBack}) {
        this.requestId = requestId;
        this.me = me;
        this.link = link;
        this.onBack = onBack;
        this.header = h('header', {class: 'thread-header'});
        this.footer = h('div', {class: 'thread-footer'});
        this.element = h('section', {class: 'thread request', 'aria-labelledby': 'thread-title',
            dataset: {id: requestId}}, this.header);
    }

    async load() {
        this.details = await api('GET', this.path());
        this.timeline = new RequestTimeline(this.requestId, this.details.conversation.id, this.me,
            {link: this.link, writePath: 'replies'});
        this.messages = new RequestMessages(this.timeline, {viewer: 'patient'});
        this.timeline.addEventListener('appended', event => {
            if (event.detail.entry.kind === 'contact_status') {
                this.reload();
            }
        });
        this.element.append(this.messages.element, this.footer);
        this.render();
        await this.timeline.load();
    }

    async reload() {
        this.details = await api('GET', this.path());
        this.render();
    }

    render() {
        const d = this.details;
        replaceChildren(this.header,
            h('button', {type: 'button', class: 'back secondary', 'aria-label': 'Back to your messages',
                onClick: () => this.onBack()}, icon('back')),
            h('div', {class: 'request-title'},
                h('h2', {id: 'thread-title', tabindex: '-1'}, d.reason ? d.reason.name : 'Your request'),
                h('p', {class: 'request-sub'}, `${STATUS_NAMES[d.status]} · sent ${dateTime(d.createdAt)}`)));
        if (d.replyBlockedBecause) {
            replaceChildren(this.footer, h('p', {class: 'one-way-note', role: 'note'}, d.replyBlockedBecause));
            return;
        }
        if (!this.replyForm) {
            const input = h('textarea', {id: 'reply-input', rows: 2, maxlength: 2000, autocomplete: 'off'});
            const status = h('p', {class: 'hint', role: 'status'});
            this.replyForm = h('form', {class: 'composer reply-form'},
                h('label', {for: 'reply-input', class: 'visually-hidden'}, 'Your answer'),
                h('div', {class: 'composer-row'}, input,
                    h('button', {type: 'submit', class: 'send', 'aria-label': 'Send your answer'}, icon('send'))),
                status);
            this.replyForm.addEventListener('submit', async event => {
                event.preventDefault();
                const body = input.value.trim();
                if (!body) {
                    return;
                }
                input.value = '';
                try {
                    await this.timeline.send(body);
                    status.textContent = 'Sent to the practice.';
                } catch (error) {
                    input.value ||= body; // to send again as it was, unless something new was typed meanwhile
                    status.textContent = error.message;
                }
            });
        }
        replaceChildren(this.footer, this.replyForm);
    }

    heldCursor() {
        return this.timeline?.heldCursor() ?? null;
    }

    owns(c) {
        return this.timeline?.id === c;
    }

    receive(entries) {
        this.timeline?.receive(entries);
    }

    close() {
        this.timeline?.close();
    }

    focus() {
        this.header.querySelector('h2')?.focus();
    }

    path() {
        return `/api/v1/contact-requests/${encodeURIComponent(this.requestId)}`;
    }
}

/** The patient's requests as list items linking to #/requests/<id>. */
export function requestRows(requests, selected) {
    return requests.map(r => h('li', {class: 'conv request-row', dataset: {id: r.id}},
        h('a', {class: 'conv-open', href: `#/requests/${encodeURIComponent(r.id)}`,
            'aria-current': r.id === selected ? 'true' : null},
        h('span', {class: 'conv-title'}, r.reason ? r.reason.name : 'Your request'),
        h('span', {class: 'conv-meta'}, h('span', {}, STATUS_NAMES[r.status]),
            h('time', {}, dateTime(r.createdAt))))));
}
