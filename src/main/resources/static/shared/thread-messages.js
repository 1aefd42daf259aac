// The message history of an open conversation, as the staff and the patient thread show it: the timeline's window
// (messages as bubbles; changes to the conversation as one-line notes where the app shows them), the sends still in
// the outbox below it, and a line at the top while older pages load or once the start is reached. It renders what the
// timeline model (timeline.js) says and keeps only the nodes it made.

import {h, replaceChildren} from './dom.js';
import {isMessage, NOTES_FOR_EVERYONE} from './entry-kinds.js';
import {pendingMessage, systemMessage, textMessage} from './message-item.js';
import {receiptBadge} from './receipts.js';

const NEAR_TOP_PX = 300;
const NEAR_BOTTOM_PX = 150;

export class ThreadMessages {

    /**
     * @param options {notes: whether changes to the conversation show as notes (staff) or not (patients: only a purge),
     *                deleteAction(entry) -> the trash icon's action for a message, or null for none}
     */
    constructor(timeline, {notes = false, deleteAction = () => null} = {}) {
        this.timeline = timeline;
        this.notes = notes;
        this.deleteAction = deleteAction;
        this.messageNodes = new Map(); // seq -> node of a message shown
        this.ownSenders = new Map(); // seq -> sender of an own message shown, whose receipt follows the markers
        this.pendingNodes = new Map(); // clientMsgId -> node of a send in the outbox
        this.list = h('ol', {class: 'messages', 'aria-label': 'Messages'});
        this.pendingList = h('ol', {class: 'messages pending-messages', 'aria-label': 'Messages being sent'});
        this.olderStatus = h('p', {class: 'older-status', role: 'status'});
        this.element = h('div', {class: 'scroller', tabindex: '0', 'aria-label': 'Message history'},
            this.olderStatus, this.list, this.pendingList);
        this.element.addEventListener('scroll', () => {
            if (this.element.scrollTop < NEAR_TOP_PX) {
                timeline.loadOlder();
            }
        }, {passive: true});
        this.listen();
    }

    listen() {
        const on = (type, handler) => this.timeline.addEventListener(type, event => handler(event.detail));
        on('loaded', ({entries}) => this.showFirstPage(entries));
        on('appended', ({entry}) => this.append(entry));
        on('removed', ({seq}) => this.remove(seq));
        on('older-loading', () => this.olderLoading());
        on('older', ({entries}) => this.prepend(entries));
        on('receipts', () => this.refreshReceipts());
        on('pending', ({entry}) => this.showPending(entry));
        on('pending-failed', ({entry}) => this.showRefused(entry));
        on('pending-sent', ({clientMsgId}) => {
            this.pendingNodes.get(clientMsgId)?.remove();
            this.pendingNodes.delete(clientMsgId);
        });
    }

    showFirstPage(entries) {
        this.list.replaceChildren(...entries.map(entry => this.render(entry)).filter(Boolean));
        this.showOlderStatus();
        this.scrollToNewest();
    }

    append(entry) {
        const nearBottom = this.isNearBottom();
        const node = this.render(entry);
        if (node) {
            this.list.appendChild(node);
        }
        if (nearBottom || entry.senderId === this.timeline.me.id) {
            this.scrollToNewest();
        }
    }

    olderLoading() {
        this.olderStarted = performance.now();
        this.olderStatus.textContent = 'Loading earlier messages…';
    }

    /** A page of older entries goes above the first, with what the user looks at kept in place. */
    prepend(entries) {
        const nodes = entries.map(entry => this.render(entry)).filter(Boolean);
        if (entries.length) {
            const before = this.element.scrollHeight;
            const fragment = document.createDocumentFragment();
            nodes.forEach(node => fragment.appendChild(node));
            this.list.insertBefore(fragment, this.list.firstChild);
            this.element.scrollTop += this.element.scrollHeight - before;
            performance.measure('carechat:older-page', {start: this.olderStarted}); // read by the UI benchmark
        }
        this.showOlderStatus();
    }

    showOlderStatus() {
        this.olderStatus.textContent = this.timeline.atStart ? 'Start of the conversation' : '';
    }

    render(entry) {
        if (!isMessage(entry)) {
            return this.notes || NOTES_FOR_EVERYONE.has(entry.kind) ? this.note(entry) : null;
        }
        if (entry.deleted) {
            return null;
        }
        const own = entry.senderId === this.timeline.me.id;
        const node = textMessage(entry, {
            own,
            conversationId: this.timeline.id,
            receipt: own ? this.timeline.receiptOf(entry.seq, entry.senderId) : null,
            onDelete: this.deleteAction(entry),
        });
        this.messageNodes.set(entry.seq, node);
        if (own) {
            this.ownSenders.set(entry.seq, entry.senderId);
        }
        return node;
    }

    /** A note about the conversation; one naming colleagues not yet known reads again once their names are. */
    note(entry) {
        const nameOf = id => this.timeline.nameOf(id);
        const node = systemMessage(entry, nameOf);
        if (node) {
            this.timeline.nameColleaguesIn(entry).then(learnt => {
                if (learnt) {
                    node.textContent = systemMessage(entry, nameOf).textContent;
                }
            });
        }
        return node;
    }

    remove(seq) {
        this.messageNodes.get(seq)?.remove();
        this.messageNodes.delete(seq);
        this.ownSenders.delete(seq);
    }

    refreshReceipts() {
        for (const [seq, senderId] of this.ownSenders) {
            const slot = this.messageNodes.get(seq)?.querySelector('.receipt-slot');
            if (!slot || slot.querySelector('.receipt-wrap.open')) {
                continue; // leave an open list of readers alone until it is closed
            }
            replaceChildren(slot, receiptBadge(this.timeline.receiptOf(seq, senderId)));
        }
    }

    /** A message in the outbox: shown until its entry arrives. */
    showPending(outboxEntry) {
        const node = pendingMessage(outboxEntry);
        this.pendingNodes.set(outboxEntry.clientMsgId, node);
        this.pendingList.appendChild(node);
        this.scrollToNewest();
    }

    showRefused(outboxEntry) {
        const node = this.pendingNodes.get(outboxEntry.clientMsgId);
        if (node) {
            node.classList.add('failed');
            node.querySelector('.msg-state').textContent = `Not sent: ${outboxEntry.error}`;
        }
    }

    isNearBottom() {
        const s = this.element;
        return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
    }

    scrollToNewest() {
        this.element.scrollTop = this.element.scrollHeight;
    }
}
