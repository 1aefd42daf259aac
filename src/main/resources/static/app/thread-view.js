// The right pane: one conversation. It shows a window of the timeline that grows as the user scrolls up (pages of
// 100 read over REST; only what was read is rendered), follows live entries in seq order, fills any gap it sees
// from GET .../messages?after=, and derives receipts from the members' markers.

import {api} from '../shared/api.js';
import {composer, oneWayNote} from '../shared/composer.js';
import {h, icon, replaceChildren} from '../shared/dom.js';
import {receiveInOrder} from '../shared/in-order.js';
import {conversationTitle} from '../shared/inbox-model.js';
import {pendingMessage, systemMessage, textMessage} from '../shared/message-item.js';
import {Markers, receiptBadge} from '../shared/receipts.js';

const FIRST_PAGE = 50;
const OLDER_PAGE = 100;
const NEAR_TOP_PX = 300;
const NEAR_BOTTOM_PX = 150;
const TYPING_SHOWN_MS = 4_000;

export class ThreadView {

    /**
     * @param actions {onBack, onEdit(details), onProfile(patientId), onRead(c, seq), onSend(c, body, {urgent,
     *                attachments}) -> outbox entry, onTyping(c), pending(c) -> outbox entries, onDelete(c, seq)}
     */
    constructor(conversationId, me, actions) {
        this.id = conversationId;
        this.me = me;
        this.actions = actions;
        this.loaded = false;
        this.minSeq = 0;
        this.maxSeq = 0;
        this.inbound = [];
        this.filling = false;
        this.loadingOlder = false;
        this.messageNodes = new Map();
        this.colleagues = new Map(); // names of non-members named in notes: id -> display name
        this.ownTexts = new Map();
        this.pendingNodes = new Map();
        this.header = h('header', {class: 'thread-header'});
        this.list = h('ol', {class: 'messages', 'aria-label': 'Messages'});
        this.pendingList = h('ol', {class: 'messages pending-messages', 'aria-label': 'Messages being sent'});
        this.olderStatus = h('p', {class: 'older-status', role: 'status'});
        this.scroller = h('div', {class: 'scroller', tabindex: '0', 'aria-label': 'Message history'},
            this.olderStatus, this.list, this.pendingList);
        this.footer = h('div', {class: 'thread-footer'});
        this.element = h('section', {class: 'thread', 'aria-labelledby': 'thread-title', dataset: {id: conversationId}},
            this.header, this.scroller, this.footer);
        this.scroller.addEventListener('scroll', () => {
            if (this.scroller.scrollTop < NEAR_TOP_PX) {
                this.loadOlder();
            }
        }, {passive: true});
    }

    /** Reads the conversation and its newest entries, then renders them scrolled to the newest. */
    async load() {
        const [details, page] = await Promise.all([
            api('GET', `/api/v1/conversations/${encodeURIComponent(this.id)}`),
            api('GET', `/api/v1/conversations/${encodeURIComponent(this.id)}/messages?limit=${FIRST_PAGE}`),
        ]);
        this.setDetails(details);
        this.minSeq = page.length ? page[0].seq : details.conversation.lastSeq + 1;
        this.maxSeq = page.length ? page[page.length - 1].seq : details.conversation.lastSeq;
        this.list.replaceChildren(...page.map(entry => this.render(entry)).filter(Boolean));
        this.showOlderStatus();
        for (const entry of this.actions.pending(this.id)) {
            this.showPending(entry);
        }
        this.loaded = true;
        this.scrollToNewest();
        this.markRead();
        await this.receive([]);
    }

    /** What this view holds without a gap, for the live link's resume. */
    heldCursor() {
        return this.loaded ? {c: this.id, seq: this.maxSeq} : null;
    }

    setDetails(details) {
        this.details = details;
        this.markers = this.markers ? mergeMarkers(this.markers, details.members) : new Markers(details.members);
        const mine = details.members.find(m => m.userId === this.me.id);
        this.isOwner = mine?.role === 'owner';
        this.renderHeader();
        this.renderFooter();
    }

    /** Live or caught-up entries of this conversation (any order, duplicates allowed). */
    async receive(entries) {
        if (await receiveInOrder(this, entries)) {
            this.markRead();
        }
    }

    nameOf(id) {
        return this.markers?.members.get(id)?.displayName ?? this.colleagues.get(id);
    }

    /**
     * Forwarding and escalation notes name colleagues who are not members (the delegate, the escalation contact):
     * their names are read from the staff directory and the note is written again.
     */
    async nameColleaguesLater(entry, node) {
        const meta = entry.meta ?? {};
        const ids = [meta.from, meta.userId, ...[meta.to].flat()].filter(id => typeof id === 'string');
        const unknown = [...new Set(ids)].filter(id => !this.nameOf(id));
        if (!unknown.length) {
            return;
        }
        for (const id of unknown) {
            try {
                this.colleagues.set(id, (await api('GET', `/api/v1/users/${encodeURIComponent(id)}`)).displayName);
            } catch (error) {
                // not in the directory (any more): the note keeps "a member"
            }
        }
        const fresh = systemMessage(entry, id => this.nameOf(id));
        if (fresh) {
            node.textContent = fresh.textContent;
        }
    }

    receipt(frame) {
        if (this.markers?.apply(frame)) {
            this.refreshReceipts();
        }
    }

    typing(userId) {
        const member = this.markers?.members.get(userId);
        if (!member || userId === this.me.id) {
            return;
        }
        this.typingNote.textContent = `${member.displayName} is typing…`;
        clearTimeout(this.typingTimer);
        this.typingTimer = setTimeout(() => {
            this.typingNote.textContent = '';
        }, TYPING_SHOWN_MS);
    }

    /** An outbox entry of this conversation was answered. */
    sendSettled(entry) {
        const node = this.pendingNodes.get(entry.clientMsgId);
        if (!node) {
            return;
        }
        if (entry.state === 'failed') {
            node.classList.add('failed');
            node.querySelector('.msg-state').textContent = `Not sent: ${entry.error}`;
        }
    }

    append(entry) {
        const nearBottom = this.isNearBottom();
        this.maxSeq = entry.seq;
        if (entry.kind === 'message_deleted') {
            this.removeMessage(entry.meta?.seq);
        } else if (entry.kind === 'settings_changed') {
            this.details.conversation.acceptResponses = entry.meta?.acceptResponses;
            this.renderHeader();
            this.renderFooter();
            if (entry.meta?.topicChanged) {
                this.reloadDetails();
            }
        } else if (entry.kind === 'member_added' || entry.kind === 'member_removed') {
            this.reloadDetails();
        }
        const node = this.render(entry);
        if (node) {
            this.list.appendChild(node);
        }
        if (entry.kind === 'text' && entry.senderId === this.me.id && entry.clientMsgId) {
            this.pendingNodes.get(entry.clientMsgId)?.remove();
            this.pendingNodes.delete(entry.clientMsgId);
        }
        if (nearBottom || entry.senderId === this.me.id) {
            this.scrollToNewest();
        }
    }

    async reloadDetails() {
        this.setDetails(await api('GET', `/api/v1/conversations/${encodeURIComponent(this.id)}`));
        this.refreshReceipts();
    }

    async loadOlder() {
        if (!this.loaded || this.loadingOlder || this.minSeq <= 1) {
            return;
        }
        this.loadingOlder = true;
        const started = performance.now();
        this.olderStatus.textContent = 'Loading earlier messages…';
        try {
            const page = await api('GET', `/api/v1/conversations/${encodeURIComponent(this.id)}/messages`
                + `?before=${this.minSeq}&limit=${OLDER_PAGE}`);
            if (page.length) {
                const before = this.scroller.scrollHeight;
                const fragment = document.createDocumentFragment();
                page.map(entry => this.render(entry)).filter(Boolean).forEach(n => fragment.appendChild(n));
                this.list.insertBefore(fragment, this.list.firstChild);
                this.minSeq = page[0].seq;
                this.scroller.scrollTop += this.scroller.scrollHeight - before;
                performance.measure('carechat:older-page', {start: started});
            } else {
                this.minSeq = 1;
            }
        } finally {
            this.loadingOlder = false;
            this.showOlderStatus();
        }
    }

    showOlderStatus() {
        this.olderStatus.textContent = this.minSeq <= 1 ? 'Start of the conversation' : '';
    }

    /** Shows a message that is in the outbox, until its entry arrives. */
    showPending(entry) {
        const node = pendingMessage(entry);
        this.pendingNodes.set(entry.clientMsgId, node);
        this.pendingList.appendChild(node);
        this.scrollToNewest();
    }

    render(entry) {
        if (entry.kind !== 'text') {
            const node = systemMessage(entry, id => this.nameOf(id));
            if (node) {
                this.nameColleaguesLater(entry, node);
            }
            return node;
        }
        if (entry.deleted) {
            return null;
        }
        const own = entry.senderId === this.me.id;
        const node = textMessage(entry, {
            own,
            conversationId: this.id,
            receipt: own ? this.markers.receiptOf(entry.seq, entry.senderId) : null,
            onDelete: own || this.isOwner ? () => this.actions.onDelete(this.id, entry.seq) : null,
        });
        this.messageNodes.set(entry.seq, node);
        if (own) {
            this.ownTexts.set(entry.seq, entry.senderId);
        }
        return node;
    }

    removeMessage(seq) {
        this.messageNodes.get(seq)?.remove();
        this.messageNodes.delete(seq);
        this.ownTexts.delete(seq);
    }

    refreshReceipts() {
        for (const [seq, senderId] of this.ownTexts) {
            const slot = this.messageNodes.get(seq)?.querySelector('.receipt-slot');
            if (!slot || slot.querySelector('.receipt-wrap.open')) {
                continue; // leave an open list of readers alone until it is closed
            }
            replaceChildren(slot, receiptBadge(this.markers.receiptOf(seq, senderId)));
        }
    }

    renderHeader() {
        const {conversation, patient, members} = this.details;
        const other = conversation.kind === 'direct' ? members.find(m => m.userId !== this.me.id) : null;
        this.typingNote = h('p', {class: 'typing', 'aria-live': 'polite'});
        replaceChildren(this.header,
            h('button', {type: 'button', class: 'back', 'aria-label': 'Back to conversations',
                onClick: () => this.actions.onBack()}, icon('back')),
            h('div', {class: 'thread-title'},
                h('h2', {id: 'thread-title', tabindex: '-1'}, conversationTitle(conversation, patient, other),
                    other ? h('span', {class: 'user-status', dataset: {statusUser: other.userId}}) : null),
                h('p', {class: 'thread-sub'},
                    patient ? [h('span', {class: 'thread-patient'}, patient.name),
                        h('span', {class: 'patient-id'}, `ID ${patient.mrn}`)] : null,
                    h('span', {}, `${members.length} members · ${conversation.acceptResponses ? '2-way' : '1-way'}`)),
                this.typingNote),
            h('div', {class: 'thread-actions'},
                patient ? h('button', {type: 'button', class: 'secondary profile',
                    onClick: () => this.actions.onProfile(patient.id)},
                icon('person'), h('span', {}, 'Profile')) : null,
                this.isOwner ? h('button', {type: 'button', class: 'secondary edit',
                    onClick: () => this.actions.onEdit(this.details)}, icon('edit'), h('span', {}, 'Edit')) : null));
    }

    renderFooter() {
        const {conversation} = this.details;
        const mayWrite = conversation.acceptResponses || this.isOwner;
        if (mayWrite && this.composer) {
            return;
        }
        if (mayWrite) {
            this.composer = composer({
                conversationId: this.id,
                onSend: (body, options) => this.showPending(this.actions.onSend(this.id, body, options)),
                allowUrgent: true,
                onTyping: () => this.actions.onTyping(this.id),
            });
            replaceChildren(this.footer, this.composer.element);
        } else {
            this.composer = null;
            replaceChildren(this.footer, oneWayNote());
        }
    }

    focusComposer() {
        this.composer?.focus();
    }

    /** On a phone: the heading, so a screen reader announces the conversation without opening the keyboard. */
    focusTitle() {
        this.header.querySelector('h2')?.focus();
    }

    markRead() {
        if (this.loaded && document.visibilityState === 'visible') {
            this.actions.onRead(this.id, this.maxSeq);
        }
    }

    isNearBottom() {
        const s = this.scroller;
        return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
    }

    scrollToNewest() {
        this.scroller.scrollTop = this.scroller.scrollHeight;
    }
}

function mergeMarkers(markers, members) {
    const merged = new Markers(members);
    for (const old of markers.members.values()) {
        merged.apply(old);
    }
    return merged;
}
