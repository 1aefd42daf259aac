// The message history of an open conversation, as the staff and the patient thread show it: the timeline's window
// (messages as bubbles; changes to the conversation as one-line notes where the app shows them), the sends still in
// the outbox below it, and a line at the top while older pages load or once the start is reached. A separator names
// each day, and a "New messages" divider stands before the first message others wrote since the user last read, with
// a "Jump to first unread" button while it is out of sight. It renders what the timeline model (timeline.js) says and
// keeps only the nodes it made.

import {h, replaceChildren} from './dom.js';
import {isMessage, NOTES_FOR_EVERYONE} from './entry-kinds.js';
import {dayKey, dayLabel} from './format.js';
import {mentionsMe} from './inbox-model.js';
import {acknowledgeButton, pendingMessage, systemMessage, textMessage} from './message-item.js';
import {receiptBadge} from './receipts.js';

const NEAR_TOP_PX = 300;
const NEAR_BOTTOM_PX = 150;

export class ThreadMessages {

    /**
     * @param options {notes: whether changes to the conversation show as notes (staff) or not (patients: only a purge),
     *                deleteAction(entry) -> the trash icon's action for a message, or null for none, mayReply() ->
     *                whether messages offer Reply (the user may write here), acknowledgeAction(entry) -> the action of
     *                Acknowledge on an urgent message waiting for mine, or null}
     */
    constructor(timeline, {notes = false, deleteAction = () => null, mayReply = () => false,
        acknowledgeAction = () => null} = {}) {
        this.timeline = timeline;
        this.notes = notes;
        this.deleteAction = deleteAction;
        this.acknowledgeAction = acknowledgeAction;
        this.mayReply = mayReply;
        this.messageNodes = new Map(); // seq -> node of a message shown
        this.ownSenders = new Map(); // seq -> sender of an own message shown, whose receipt follows the markers
        this.pendingNodes = new Map(); // clientMsgId -> node of a send in the outbox
        this.list = h('ol', {class: 'messages', 'aria-label': 'Messages'});
        this.pendingList = h('ol', {class: 'messages pending-messages', 'aria-label': 'Messages being sent'});
        this.olderStatus = h('p', {class: 'older-status', role: 'status'});
        this.divider = null; // the "New messages" divider, once placed
        this.jump = h('button', {type: 'button', class: 'jump-unread', hidden: true,
            onClick: () => this.jumpToUnread()}, 'Jump to first unread');
        this.element = h('div', {class: 'scroller', tabindex: '0', 'aria-label': 'Message history'},
            this.jump, this.olderStatus, this.list, this.pendingList);
        // The view at the newest message stays there while what is around it settles: pictures loading above it, the
        // message box growing to its text below it (which shrinks this pane), a phone's keyboard.
        this.atBottom = true;
        this.element.addEventListener('load', event => {
            if (event.target.tagName === 'IMG' && this.atBottom) {
                this.scrollToNewest();
            }
        }, true);
        new ResizeObserver(() => {
            if (this.atBottom) {
                this.scrollToNewest();
            }
        }).observe(this.element);
        this.element.addEventListener('scroll', () => {
            this.atBottom = this.isNearBottom();
            if (this.element.scrollTop < NEAR_TOP_PX) {
                timeline.loadOlder();
            }
            if (!this.jump.hidden && this.dividerInSight()) {
                this.jump.hidden = true;
            }
        }, {passive: true});
        this.listen();
    }

    listen() {
        const on = (type, handler) => this.timeline.addEventListener(type, event => handler(event.detail));
        on('loaded', ({entries, readOnOpen}) => this.showFirstPage(entries, readOnOpen));
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

    showFirstPage(entries, readOnOpen) {
        this.list.replaceChildren(...entries.map(entry => this.render(entry)).filter(Boolean));
        this.placeDivider(entries, readOnOpen);
        this.placeDaySeparators();
        this.showOlderStatus();
        this.scrollToNewest();
        this.jump.hidden = !this.divider || this.dividerInSight();
    }

    /** Before the first message someone else wrote after `readOnOpen`, in the window; none when all was read. */
    placeDivider(entries, readOnOpen) {
        const first = readOnOpen === null ? null : entries.find(entry => entry.seq > readOnOpen && isMessage(entry)
            && entry.senderId !== this.timeline.me.id && this.messageNodes.has(entry.seq));
        if (first) {
            this.divider = h('li', {class: 'unread-divider', tabindex: '-1'}, h('span', {}, 'New messages'));
            this.list.insertBefore(this.divider, this.messageNodes.get(first.seq));
        }
    }

    dividerInSight() {
        const top = this.divider.getBoundingClientRect().top - this.element.getBoundingClientRect().top;
        return top >= 0 && top < this.element.clientHeight;
    }

    jumpToUnread() {
        this.element.scrollTop += this.divider.getBoundingClientRect().top - this.element.getBoundingClientRect().top
            - this.jump.offsetHeight;
        this.jump.hidden = true;
        this.divider.focus({preventScroll: true});
    }

    /** A separator before the first entry of each day: removed and placed again over the whole window. */
    placeDaySeparators() {
        this.list.querySelectorAll(':scope > .day-separator').forEach(node => node.remove());
        let day = null;
        for (const node of [...this.list.children]) {
            if (node.dataset.day && node.dataset.day !== day) {
                day = node.dataset.day;
                const before = node.previousElementSibling === this.divider && this.divider ? this.divider : node;
                this.list.insertBefore(this.daySeparator(Number(node.dataset.at)), before);
            }
        }
    }

    daySeparator(millis) {
        return h('li', {class: 'day-separator', dataset: {dayOf: dayKey(millis)}}, h('span', {}, dayLabel(millis)));
    }

    append(entry) {
        const nearBottom = this.isNearBottom();
        const node = this.render(entry);
        if (node) {
            let last = this.list.lastElementChild;
            while (last && !last.dataset.day) {
                last = last.previousElementSibling;
            }
            if (last?.dataset.day !== node.dataset.day) {
                this.list.appendChild(this.daySeparator(entry.createdAt));
            }
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
            this.placeDaySeparators();
            this.element.scrollTop += this.element.scrollHeight - before;
            performance.measure('carechat:older-page', {start: this.olderStarted}); // read by the UI benchmark
        }
        this.showOlderStatus();
    }

    showOlderStatus() {
        this.olderStatus.textContent = this.timeline.atStart ? 'Start of the conversation' : '';
    }

    /** The entry's node, marked with its day for the separators; null for an entry that shows nothing. */
    render(entry) {
        const node = this.renderEntry(entry);
        if (node) {
            node.dataset.day = dayKey(entry.createdAt);
            node.dataset.at = String(entry.createdAt);
        }
        return node;
    }

    renderEntry(entry) {
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
            receipt: own ? this.receiptOf(entry.seq, entry.senderId) : null,
            onDelete: this.deleteAction(entry),
            fromPatient: !own && this.timeline.isPatientMember(entry.senderId),
            onReply: this.mayReply() ? () => this.timeline.startReply(entry) : null,
            onQuote: () => this.showQuoted(entry.quote.seq),
            mentionsMe: mentionsMe(entry, this.timeline.me.id),
            onAcknowledge: own ? null : this.acknowledgeAction(entry),
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

    /**
     * Brings the quoted message at `seq` into sight, reading older pages until it is in the window (or the start is
     * reached), and marks it for a moment; it takes the focus, so a screen reader reads it.
     */
    async showQuoted(seq) {
        while (!this.messageNodes.has(seq) && !this.timeline.atStart && seq >= 1) {
            const before = this.timeline.minSeq;
            await this.timeline.loadOlder();
            if (this.timeline.minSeq === before) {
                break; // not read (offline): stay where we are
            }
        }
        const node = this.messageNodes.get(seq);
        if (!node) {
            return; // deleted since: the quote says so
        }
        node.tabIndex = -1;
        node.scrollIntoView({block: 'center'});
        node.focus({preventScroll: true});
        node.classList.add('quoted');
        setTimeout(() => node.classList.remove('quoted'), 2_000);
    }

    remove(seq) {
        this.messageNodes.get(seq)?.remove();
        this.messageNodes.delete(seq);
        this.ownSenders.delete(seq);
        this.placeDaySeparators();
    }

    /** Urgent messages offer Acknowledge while mine is awaited, and lose it once given (here or elsewhere). */
    refreshAcknowledge() {
        for (const [seq, node] of this.messageNodes) {
            const entry = this.timeline.entries.get(seq);
            if (!entry?.meta?.urgent || entry.senderId === this.timeline.me.id) {
                continue;
            }
            const action = this.acknowledgeAction(entry);
            const button = node.querySelector('.acknowledge-here');
            if (action && !button) {
                node.querySelector('.msg-body').after(acknowledgeButton(action));
            } else if (!action && button) {
                button.remove();
            }
        }
    }

    /** The receipt of my message at `seq`, whose readers' times are read when its list is opened. */
    receiptOf(seq, senderId) {
        return {...this.timeline.receiptOf(seq, senderId), readTimes: () => this.timeline.readTimes(seq)};
    }

    refreshReceipts() {
        for (const [seq, senderId] of this.ownSenders) {
            const slot = this.messageNodes.get(seq)?.querySelector('.receipt-slot');
            if (!slot || slot.querySelector('.receipt-wrap.open')) {
                continue; // leave an open list of readers alone until it is closed
            }
            replaceChildren(slot, receiptBadge(this.receiptOf(seq, senderId)));
        }
    }

    /** A message in the outbox: shown until its entry arrives. */
    showPending(outboxEntry) {
        const node = pendingMessage(outboxEntry);
        this.pendingNodes.set(outboxEntry.clientMsgId, node);
        this.pendingList.appendChild(node);
        this.scrollToNewest();
    }

    /** A refused send: the server's sentence, and Retry or Edit (its text back in the message box). */
    showRefused(outboxEntry) {
        const node = this.pendingNodes.get(outboxEntry.clientMsgId);
        if (node) {
            const id = outboxEntry.clientMsgId;
            node.classList.add('failed');
            node.querySelector('.msg-state').textContent = `Not sent: ${outboxEntry.error}`;
            node.querySelector('.bubble').appendChild(h('div', {class: 'unsent-actions'},
                h('button', {type: 'button', class: 'retry', onClick: () => this.timeline.retry(id)}, 'Retry'),
                h('button', {type: 'button', class: 'edit-unsent', onClick: () => this.timeline.editUnsent(id)},
                    'Edit')));
        }
    }

    isNearBottom() {
        const s = this.element;
        return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_BOTTOM_PX;
    }

    scrollToNewest() {
        this.element.scrollTop = this.element.scrollHeight;
        this.atBottom = true;
    }
}
