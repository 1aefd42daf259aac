// The messages of a contact request's thread, as staff and the patient see them: the practice's on the right in
// green, with the time in grey at the end of the text and the sender's name under the message; the patient's on the
// left in white; each with the way it went (SMS or the app) and, for staff, where an SMS to the patient stands. Notes
// of the request's steps (status, assignment) show for staff. It renders what the timeline model says (timeline.js).

import {h} from './dom.js';
import {isMessage, PRACTICE_KINDS} from './entry-kinds.js';
import {dateTime} from './format.js';

const SMS_STATES = {
    queued: 'Queued: waiting for the SMS centre',
    sending: 'Handing to the SMS centre…',
    sent: 'Sent to the SMS centre',
    delivered: 'Delivered to the phone',
    failed: 'Not delivered',
};
const STATUS_NAMES = {new: 'New', in_progress: 'In progress', complete: 'Complete'};

export class RequestMessages {

    /**
     * @param options {viewer: 'staff' | 'patient', patientName: () => the name to show on the patient's messages}
     */
    constructor(timeline, {viewer, patientName = () => 'Patient'}) {
        this.timeline = timeline;
        this.viewer = viewer;
        this.patientName = patientName;
        this.nodes = new Map(); // seq -> node of a message
        this.pendingNodes = new Map();
        this.list = h('ol', {class: 'messages request-messages', 'aria-label': 'Messages'});
        this.pendingList = h('ol', {class: 'messages pending-messages', 'aria-label': 'Messages being sent'});
        this.olderStatus = h('p', {class: 'older-status', role: 'status'});
        this.element = h('div', {class: 'scroller', tabindex: '0', 'aria-label': 'Message history'},
            this.olderStatus, this.list, this.pendingList);
        this.element.addEventListener('scroll', () => {
            if (this.element.scrollTop < 300) {
                timeline.loadOlder();
            }
        }, {passive: true});
        const on = (type, handler) => timeline.addEventListener(type, event => handler(event.detail));
        on('loaded', ({entries}) => {
            this.list.replaceChildren(...entries.map(e => this.render(e)).filter(Boolean));
            this.showOlderStatus();
            this.scrollToNewest();
        });
        on('appended', ({entry}) => {
            const node = this.render(entry);
            if (node) {
                this.list.appendChild(node);
                this.scrollToNewest();
            }
        });
        on('older', ({entries}) => {
            const before = this.element.scrollHeight;
            this.list.prepend(...entries.map(e => this.render(e)).filter(Boolean));
            this.element.scrollTop += this.element.scrollHeight - before;
            this.showOlderStatus();
        });
        on('sms-state', ({seq}) => this.refreshState(seq));
        on('pending', ({entry}) => {
            const node = this.pendingMessage(entry);
            this.pendingNodes.set(entry.clientMsgId, node);
            this.pendingList.appendChild(node);
            this.scrollToNewest();
        });
        on('pending-failed', ({entry}) => {
            const node = this.pendingNodes.get(entry.clientMsgId);
            if (node) {
                node.classList.add('failed');
                node.querySelector('.msg-state').textContent = entry.unanswered ? entry.error
                    : `Not sent: ${entry.error}`;
            }
        });
        on('pending-sent', ({clientMsgId}) => {
            this.pendingNodes.get(clientMsgId)?.remove();
            this.pendingNodes.delete(clientMsgId);
        });
    }

    render(entry) {
        if (!isMessage(entry)) {
            return this.viewer === 'staff' ? note(entry) : null;
        }
        const practice = PRACTICE_KINDS.has(entry.kind);
        const mine = entry.senderId === this.timeline.me.id;
        const by = practice
            ? (entry.meta?.auto ? 'Automatic answer' : mine ? 'You' : entry.senderName || 'The practice')
            : this.viewer === 'patient' ? 'You' : this.patientName();
        const channel = entry.kind === 'text' ? (entry.meta?.channel === 'form' ? 'Contact form' : 'App') : 'SMS';
        const node = h('li', {class: `msg ${practice ? 'practice' : 'patient'}`, dataset: {seq: entry.seq,
            kind: entry.kind}},
            h('div', {class: 'bubble'},
                entry.meta?.afterClose ? h('p', {class: 'msg-flag'}, 'Sent after the case was closed') : null,
                h('p', {class: 'msg-body'}, entry.body ?? '',
                    h('time', {datetime: new Date(entry.createdAt).toISOString()}, dateTime(entry.createdAt))),
                entry.meta?.incomplete ? h('p', {class: 'msg-flag'}, 'Parts of this SMS did not arrive') : null),
            h('p', {class: 'msg-by'}, h('span', {class: 'msg-sender'}, by), h('span', {class: 'msg-channel'},
                channel)),
            practice && entry.kind === 'sms_out' && this.viewer === 'staff' ? h('p', {class: 'msg-state sms-state'})
                : null);
        this.nodes.set(entry.seq, node);
        this.fillState(node, entry);
        return node;
    }

    refreshState(seq) {
        const node = this.nodes.get(seq);
        if (node) {
            this.fillState(node, this.timeline.entries.get(seq));
        }
    }

    fillState(node, entry) {
        const slot = node.querySelector('.sms-state');
        if (!slot || !entry) {
            return;
        }
        const state = entry.smsState ?? 'queued';
        slot.dataset.state = state;
        slot.textContent = state === 'failed' && entry.smsReason
            ? `${SMS_STATES.failed}: ${entry.smsReason}` : SMS_STATES[state] ?? state;
    }

    pendingMessage(outboxEntry) {
        return h('li', {class: 'msg practice pending', dataset: {clientMsgId: outboxEntry.clientMsgId}},
            h('div', {class: 'bubble'}, h('p', {class: 'msg-body'}, outboxEntry.body)),
            h('p', {class: 'msg-by'}, h('span', {class: 'msg-sender'}, 'You')),
            h('p', {class: 'msg-state'}, 'Sending…'));
    }

    showOlderStatus() {
        this.olderStatus.textContent = this.timeline.atStart ? 'Start of the request' : '';
    }

    scrollToNewest() {
        this.element.scrollTop = this.element.scrollHeight;
    }
}

/** A one-line note of a step of the request, or null for entries that show nothing here. */
function note(entry) {
    const who = entry.senderName || 'Someone';
    const when = dateTime(entry.createdAt);
    const meta = entry.meta ?? {};
    let text = null;
    switch (entry.kind) {
        case 'contact_status':
            text = meta.from ? `${who} moved the request to ${STATUS_NAMES[meta.status]} · ${when}`
                : `Request received (${meta.source === 'sms' ? 'SMS' : meta.source === 'form' ? 'contact form'
                    : 'patient app'}) · ${when}`;
            break;
        case 'contact_assigned':
            text = meta.unassigned ? `${who} unassigned the request · ${when}` : `${who} assigned the request · ${when}`;
            break;
        case 'contact_linked':
            text = `${who} linked the request to a patient record · ${when}`;
            break;
        case 'contact_converted':
            text = `${who} continued the request as a patient conversation · ${when}`;
            break;
        default:
            return null;
    }
    return h('li', {class: 'system', dataset: {seq: entry.seq}}, text);
}
