// The conversation list as data: what GET /api/v1/inbox returned, kept current by live entries and receipts.
// Rules (docs/delivery.md): unread = text entries after my read marker, not sent by me, not deleted; an entry
// at or below the seq the list already reflects is not counted twice. A conversation I muted alerts and counts in
// the badge only for messages that mention me or are urgent (the server's message/AlertRule).

import {isMessage} from './entry-kinds.js';

export const FILTERS = ['all', 'unread', 'read'];

export class InboxModel {

    constructor(me) {
        this.me = me;
        this.items = new Map();
        this.order = [];
    }

    /** Replaces everything with an inbox answer. */
    load(inbox) {
        this.items = new Map(inbox.conversations.map(item => [item.conversation.id, decorate(item)]));
        this.sort();
    }

    get(id) {
        return this.items.get(id);
    }

    /**
     * Applies one live timeline entry of conversation `c`.
     * @param readNow the user is looking at this conversation, so an incoming message is read at once
     * @returns {known, changed, incoming, alert, refresh}: `incoming` for a new text from someone else, `alert` when
     *          it is to alert me (alertsMe); `refresh` when the list cannot be derived locally (a deletion, a renamed or
     *          unknown conversation)
     */
    applyEntry(c, entry, readNow) {
        const item = this.items.get(c);
        if (!item) {
            return {known: false, refresh: true};
        }
        if (entry.seq <= item.conversation.lastSeq) {
            return {known: true}; // the inbox read already reflects it
        }
        item.conversation.lastSeq = entry.seq;
        item.conversation.lastActivityAt = Math.max(item.conversation.lastActivityAt, entry.createdAt);
        const result = {known: true, changed: true};
        if (isMessage(entry) && !entry.deleted) {
            item.messageCount++;
            item.lastMessage = {seq: entry.seq, senderId: entry.senderId, senderName: entry.senderName,
                preview: preview(entry.body), createdAt: entry.createdAt};
            if (entry.senderId !== this.me.id) {
                result.incoming = true;
                result.alert = alertsMe(item.muted, entry, this.me.id);
                if (!readNow) {
                    item.unread++;
                    item.unreadMentions += mentionsMe(entry, this.me.id) ? 1 : 0;
                }
            }
        } else if (entry.kind === 'message_deleted' || entry.kind === 'settings_changed') {
            if (entry.kind === 'settings_changed' && entry.meta) {
                item.conversation.acceptResponses = entry.meta.acceptResponses;
            }
            result.refresh = entry.kind === 'message_deleted' || Boolean(entry.meta?.topicChanged);
        }
        this.sort();
        return result;
    }

    /** My read marker moved (here or on another device). Returns true when the list changed. */
    markRead(c, readSeq) {
        const item = this.items.get(c);
        if (!item || item.unread === 0) {
            return false;
        }
        if (readSeq >= item.conversation.lastSeq) {
            item.unread = 0;
            item.unreadMentions = 0;
            return true;
        }
        return false;
    }

    remove(c) {
        const removed = this.items.delete(c);
        if (removed) {
            this.order = this.order.filter(id => id !== c);
        }
        return removed;
    }

    /** My muting of conversation `c` changed (here or, on the next read of the list, elsewhere). */
    setMuted(c, muted) {
        const item = this.items.get(c);
        if (item) {
            item.muted = muted;
        }
        return Boolean(item);
    }

    /** The badge: unread messages, of a muted conversation only those that mention me. */
    totalUnread() {
        let total = 0;
        for (const item of this.items.values()) {
            total += item.muted ? item.unreadMentions : item.unread;
        }
        return total;
    }

    /** The four figures of the statistics bar, as GET /api/v1/inbox computes them. */
    stats() {
        const patients = new Set();
        let unread = 0;
        let messages = 0;
        for (const item of this.items.values()) {
            unread += item.unread;
            messages += item.messageCount;
            if (item.patient) {
                patients.add(item.patient.id);
            }
        }
        return {totalConversations: this.items.size, unreadMessages: unread, uniquePatients: patients.size,
            totalMessages: messages};
    }

    /** Whether `item` shows under `filter` and a search for `query` (topic, patient name or patient id). */
    static matches(item, filter, query) {
        if (filter === 'unread' && item.unread === 0 || filter === 'read' && item.unread > 0) {
            return false;
        }
        return !query || item.searchText.includes(query.trim().toLowerCase());
    }

    sort() {
        this.order = [...this.items.values()]
            .sort((a, b) => b.conversation.lastActivityAt - a.conversation.lastActivityAt
                || (a.conversation.id < b.conversation.id ? -1 : 1))
            .map(item => item.conversation.id);
    }
}

/**
 * The name a conversation goes by in the list and the thread header: its topic, else its patient's name, else (a
 * direct conversation) the other person's name.
 */
export function conversationTitle(conversation, patient, other) {
    return conversation.topic || patient?.name || other?.displayName || 'Conversation';
}

/** Whether the entry mentions me by id. */
export function mentionsMe(entry, myId) {
    return Array.isArray(entry.meta?.mentions) && entry.meta.mentions.includes(myId);
}

/** The alert rule (message/AlertRule.java): not muted, or it mentions me, or it is urgent. */
export function alertsMe(muted, entry, myId) {
    return !muted || mentionsMe(entry, myId) || Boolean(entry.meta?.urgent);
}

function decorate(item) {
    item.muted = Boolean(item.muted);
    item.unreadMentions = item.unreadMentions ?? 0;
    const title = conversationTitle(item.conversation, item.patient, item.with);
    item.searchText = [title, item.patient?.name, item.patient?.mrn].filter(Boolean).join('\n').toLowerCase();
    return item;
}

function preview(body) {
    const flat = (body || '').replace(/\s+/g, ' ').trim();
    return flat.length > 120 ? flat.slice(0, 120) + '…' : flat;
}
