// One conversation as its patient sees it: the messages (sender names as the server gives them — other patients
// arrive as "Another patient"), receipts on their own messages (the server sends staff's only), and the reply box
// only where the conversation accepts responses, otherwise a one-line note why.

import {api} from '../shared/api.js';
import {composer} from '../shared/composer.js';
import {h, icon, replaceChildren} from '../shared/dom.js';
import {receiveInOrder} from '../shared/in-order.js';
import {pendingMessage, textMessage} from '../shared/message-item.js';
import {Markers, receiptBadge} from '../shared/receipts.js';

const PAGE = 100;

export class PatientThread {

    /**
     * @param actions {onBack, onRead(c, seq), onSend(c, body, {attachments}) -> outbox entry, onTyping(c), pending(c)}
     */
    constructor(conversationId, me, actions) {
        this.id = conversationId;
        this.me = me;
        this.actions = actions;
        this.loaded = false;
        this.maxSeq = 0;
        this.inbound = [];
        this.own = new Map();
        this.pendingNodes = new Map();
        this.header = h('header', {class: 'thread-header'});
        this.list = h('ol', {class: 'messages', 'aria-label': 'Messages'});
        this.pendingList = h('ol', {class: 'messages pending-messages', 'aria-label': 'Messages being sent'});
        this.scroller = h('div', {class: 'scroller', tabindex: '0', 'aria-label': 'Message history'},
            this.list, this.pendingList);
        this.footer = h('div', {class: 'thread-footer'});
        this.element = h('section', {class: 'thread', 'aria-labelledby': 'thread-title', dataset: {id: conversationId}},
            this.header, this.scroller, this.footer);
    }

    async load() {
        const path = `/api/v1/conversations/${encodeURIComponent(this.id)}`;
        const [details, page] = await Promise.all([api('GET', path), api('GET', `${path}/messages?limit=${PAGE}`)]);
        this.setDetails(details);
        this.maxSeq = page.length ? page[page.length - 1].seq : details.conversation.lastSeq;
        this.list.replaceChildren(...page.map(entry => this.render(entry)).filter(Boolean));
        for (const entry of this.actions.pending(this.id)) {
            this.showPending(entry);
        }
        this.loaded = true;
        this.scrollToNewest();
        this.markRead();
        await this.receive([]);
    }

    heldCursor() {
        return this.loaded ? {c: this.id, seq: this.maxSeq} : null;
    }

    setDetails(details) {
        this.details = details;
        this.markers = new Markers(details.members);
        replaceChildren(this.header,
            h('button', {type: 'button', class: 'back secondary', 'aria-label': 'Back to your conversations',
                onClick: () => this.actions.onBack()}, icon('back')),
            h('h2', {id: 'thread-title', tabindex: '-1'}, details.conversation.topic || 'Your care team'));
        this.renderFooter();
    }

    renderFooter() {
        if (this.details.conversation.acceptResponses) {
            if (!this.composer) {
                this.composer = composer({
                    conversationId: this.id,
                    onSend: (body, {attachments}) => this.showPending(this.actions.onSend(this.id, body, {attachments})),
                    onTyping: () => this.actions.onTyping(this.id),
                });
                replaceChildren(this.footer, this.composer.element);
            }
        } else {
            this.composer = null;
            replaceChildren(this.footer, h('p', {class: 'one-way-note', role: 'note'},
                'Your care team has turned off replies here: you can read this conversation but not answer it.'));
        }
    }

    /** Live or caught-up entries (any order, duplicates allowed); a gap is filled from the server. */
    async receive(entries) {
        if (await receiveInOrder(this, entries)) {
            this.markRead();
        }
    }

    append(entry) {
        this.maxSeq = entry.seq;
        if (entry.kind === 'settings_changed') {
            this.details.conversation.acceptResponses = entry.meta?.acceptResponses;
            this.renderFooter();
        } else if (entry.kind === 'message_deleted') {
            this.list.querySelector(`.msg[data-seq="${Number(entry.meta?.seq)}"]`)?.remove();
        } else if (entry.kind === 'member_added' || entry.kind === 'member_removed') {
            this.reloadDetails();
        }
        const node = this.render(entry);
        if (node) {
            this.list.appendChild(node);
        }
        if (entry.senderId === this.me.id && entry.clientMsgId) {
            this.pendingNodes.get(entry.clientMsgId)?.remove();
            this.pendingNodes.delete(entry.clientMsgId);
        }
        this.scrollToNewest();
    }

    async reloadDetails() {
        const details = await api('GET', `/api/v1/conversations/${encodeURIComponent(this.id)}`);
        const old = this.markers;
        this.setDetails(details);
        for (const member of old.members.values()) {
            this.markers.apply(member);
        }
        this.refreshReceipts();
    }

    render(entry) {
        if (entry.kind !== 'text' || entry.deleted) {
            return null;
        }
        const own = entry.senderId === this.me.id;
        const node = textMessage(entry, {own, conversationId: this.id,
            receipt: own ? this.markers.receiptOf(entry.seq, this.me.id) : null, onDelete: null});
        if (own) {
            this.own.set(entry.seq, node);
        }
        return node;
    }

    receipt(frame) {
        if (this.markers?.apply(frame)) {
            this.refreshReceipts();
        }
    }

    refreshReceipts() {
        for (const [seq, node] of this.own) {
            const slot = node.querySelector('.receipt-slot');
            if (slot && !slot.querySelector('.receipt-wrap.open')) {
                replaceChildren(slot, receiptBadge(this.markers.receiptOf(seq, this.me.id)));
            }
        }
    }

    showPending(entry) {
        const node = pendingMessage(entry);
        this.pendingNodes.set(entry.clientMsgId, node);
        this.pendingList.appendChild(node);
        this.scrollToNewest();
    }

    sendSettled(entry) {
        const node = this.pendingNodes.get(entry.clientMsgId);
        if (node && entry.state === 'failed') {
            node.classList.add('failed');
            node.querySelector('.msg-state').textContent = `Not sent: ${entry.error}`;
        }
    }

    markRead() {
        if (this.loaded && document.visibilityState === 'visible') {
            this.actions.onRead(this.id, this.maxSeq);
        }
    }

    focus() {
        this.header.querySelector('h2')?.focus();
    }

    scrollToNewest() {
        this.scroller.scrollTop = this.scroller.scrollHeight;
    }
}
