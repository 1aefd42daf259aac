// One entry of a thread as a list item: a text message (own on the right, others on the left), a message still in
// the outbox, or a one-line note for a change to the conversation.

import {attachmentList} from './attachments.js';
import {h, icon} from './dom.js';
import {date, dateTime, timeOfDay} from './format.js';
import {receiptBadge} from './receipts.js';
import {userStatus} from './user-status.js';

/**
 * @param options {own, conversationId, receipt ({delivered, readers}, own messages only), onDelete (null: no trash
 *                icon), fromPatient (written by a patient: a white bubble marked "Patient", seed 002), onReply (the
 *                Reply button's action), onQuote (the quote's action: show the message it quotes), mentionsMe (the
 *                message mentions the user: marked "Mentions you"), onAcknowledge (an urgent message waiting for the
 *                user's acknowledgement: its Acknowledge button's action)}
 */
export function textMessage(entry, {own, conversationId, receipt, onDelete, fromPatient = false, onReply = null,
    onQuote = null, mentionsMe = false, onAcknowledge = null}) {
    const urgent = Boolean(entry.meta?.urgent);
    const classes = ['msg', own ? 'own' : 'other', fromPatient ? 'from-patient' : null, urgent ? 'urgent' : null,
        mentionsMe ? 'mentions-me' : null];
    return h('li', {class: classes.filter(Boolean).join(' '), dataset: {seq: entry.seq}},
        h('div', {class: 'bubble'},
            h('p', {class: 'msg-sender'}, own ? 'You' : entry.senderName || 'Former member',
                fromPatient && !own ? [' ', h('span', {class: 'patient-mark'}, 'Patient')] : null,
                own || !entry.senderId || fromPatient ? null
                    : userStatus(entry.senderId),
                urgent ? h('span', {class: 'urgent-mark'}, 'Urgent') : null,
                mentionsMe ? h('span', {class: 'mention-mark'}, 'Mentions you') : null),
            entry.quote ? quoteOf(entry.quote, onQuote) : null,
            attachmentList(conversationId, entry.meta?.attachments),
            h('p', {class: 'msg-body'}, entry.body),
            onAcknowledge ? acknowledgeButton(onAcknowledge) : null,
            h('div', {class: 'msg-foot'},
                // the day is in the separator above; the full date stays in the tooltip
                h('time', {datetime: new Date(entry.createdAt).toISOString(), title: dateTime(entry.createdAt)},
                    timeOfDay(entry.createdAt)),
                onReply ? h('button', {type: 'button', class: 'reply', title: 'Reply',
                    'aria-label': `Reply to ${own ? 'your message' : entry.senderName || 'this message'}`,
                    onClick: onReply}, icon('reply')) : null,
                own ? h('span', {class: 'receipt-slot'}, receiptBadge(receipt)) : null,
                onDelete ? h('button', {type: 'button', class: 'delete', 'aria-label': 'Delete message',
                    title: 'Delete message', onClick: onDelete}, icon('trash')) : null)));
}

/** Acknowledge, on an urgent message waiting for the user's acknowledgement. */
export function acknowledgeButton(onAcknowledge) {
    return h('button', {type: 'button', class: 'acknowledge-here', onClick: onAcknowledge}, 'Acknowledge');
}

/**
 * The message a reply answers, as a button that shows it in the thread: its sender and the start of its text, or
 * that it was deleted.
 */
function quoteOf(quote, onQuote) {
    const who = quote.senderName || 'Former member';
    return h('button', {type: 'button', class: 'quote', dataset: {quoteSeq: quote.seq}, onClick: onQuote,
        'aria-label': `Show the message this replies to, from ${who}`},
    h('span', {class: 'quote-sender'}, who),
    h('span', {class: 'quote-text'}, quote.gone ? 'This message was deleted' : quote.excerpt));
}

/** What the message box shows while a reply is being written: who and what it answers. */
export function replyPreview(entry, own) {
    return {seq: entry.seq, senderName: own ? 'yourself' : entry.senderName || 'Former member',
        excerpt: (entry.body ?? '').slice(0, 160)};
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
                + `to the health record${entry.meta?.resource ? ` as ${entry.meta.resource}` : ''} · `
                + dateTime(entry.createdAt);
        default:
            return null;
    }
}
