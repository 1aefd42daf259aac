// One entry of a thread as a list item: a text message (own on the right, others on the left), a message still in
// the outbox, or a one-line note for a change to the conversation.

import {attachmentList} from './attachments.js';
import {h, icon} from './dom.js';
import {date, dateTime, timeOfDay} from './format.js';
import {receiptBadge} from './receipts.js';

/**
 * @param options {own, conversationId, receipt ({delivered, readers}, own messages only), onDelete (null: no trash
 *                icon), fromPatient (written by a patient: a white bubble marked "Patient", seed 002)}
 */
export function textMessage(entry, {own, conversationId, receipt, onDelete, fromPatient = false}) {
    const urgent = Boolean(entry.meta?.urgent);
    const classes = ['msg', own ? 'own' : 'other', fromPatient ? 'from-patient' : null, urgent ? 'urgent' : null];
    return h('li', {class: classes.filter(Boolean).join(' '), dataset: {seq: entry.seq}},
        h('div', {class: 'bubble'},
            h('p', {class: 'msg-sender'}, own ? 'You' : entry.senderName || 'Former member',
                fromPatient && !own ? [' ', h('span', {class: 'patient-mark'}, 'Patient')] : null,
                own || !entry.senderId || fromPatient ? null
                    : h('span', {class: 'user-status', dataset: {statusUser: entry.senderId}}),
                urgent ? h('span', {class: 'urgent-mark'}, 'Urgent') : null),
            attachmentList(conversationId, entry.meta?.attachments),
            h('p', {class: 'msg-body'}, entry.body),
            h('div', {class: 'msg-foot'},
                // the day is in the separator above; the full date stays in the tooltip
                h('time', {datetime: new Date(entry.createdAt).toISOString(), title: dateTime(entry.createdAt)},
                    timeOfDay(entry.createdAt)),
                own ? h('span', {class: 'receipt-slot'}, receiptBadge(receipt)) : null,
                onDelete ? h('button', {type: 'button', class: 'delete', 'aria-label': 'Delete message',
                    title: 'Delete message', onClick: onDelete}, icon('trash')) : null)));
}

/** A message in the outbox: shown as "Sending…" until its entry arrives. */
export function pendingMessage(outboxEntry) {
    return h('li', {class: 'msg own pending', dataset: {clientMsgId: outboxEntry.clientMsgId}},
        h('div', {class: 'bubble'},
            h('p', {class: 'msg-sender'}, 'You'),
            outboxEntry.attachments?.length ? h('p', {class: 'msg-files'},
                outboxEntry.attachments.map(a => a.name).join(', ')) : null,
            h('p', {class: 'msg-body'}, outboxEntry.body),
            h('div', {class: 'msg-foot'}, h('span', {class: 'msg-state'}, 'Sending…'))));
}

/** A note for a conversation event, or null for events that show nothing (a deletion removes its message). */
export function systemMessage(entry, nameOf) {
    const note = noteFor(entry, id => nameOf(id) || 'a member');
    return note ? h('li', {class: 'system', dataset: {seq: entry.seq}}, note) : null;
}

function noteFor(entry, nameOf) {
    const who = entry.senderName || 'Someone';
    switch (entry.kind) {
        case 'conversation_created':
            return `${who} started the conversation · ${dateTime(entry.createdAt)}`;
        case 'member_added':
            return `${who} added ${nameOf(entry.meta?.userId)}`;
        case 'member_removed':
            return entry.meta?.userId === entry.senderId ? `${who} left`
                : `${who} removed ${nameOf(entry.meta?.userId)}`;
        case 'urgent_acknowledged':
            return `${nameOf(entry.meta?.userId)} acknowledged the urgent message · ${dateTime(entry.createdAt)}`;
        case 'urgent_escalated':
            return entry.meta?.to
                ? `Not acknowledged in time by ${nameOf(entry.meta?.from)}: escalated to ${nameOf(entry.meta.to)} · ${
                    dateTime(entry.createdAt)}`
                : `Not acknowledged in time by ${nameOf(entry.meta?.from)} · ${dateTime(entry.createdAt)}`;
        case 'forwarded':
            return `${nameOf(entry.meta?.from)} is ${entry.meta?.status}: forwarded to ${
                (entry.meta?.to ?? []).map(id => nameOf(id)).join(', ')}`;
        case 'settings_changed':
            return entry.meta?.acceptResponses === false
                ? `${who} set the conversation to 1-way: only owners can write`
                : `${who} updated the conversation`;
        case 'purged':
            if (entry.meta?.reason === 'erasure') {
                return `Messages erased on ${date(entry.meta.purgedAt)} at the patient's request`;
            }
            return entry.meta?.reason === 'discharge'
                ? `Messages purged on ${date(entry.meta.purgedAt)} by the organisation's retention policy, after `
                    + 'the patient\'s discharge'
                : `Messages purged on ${date(entry.meta?.purgedAt ?? entry.createdAt)} by the organisation's `
                    + 'retention policy';
        case 'filed':
            return `${who} filed ${entry.meta?.messages ?? 0} ${entry.meta?.messages === 1 ? 'message' : 'messages'} `
                + `to the health record · ${dateTime(entry.createdAt)}`;
        default:
            return null;
    }
}
