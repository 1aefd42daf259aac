// One open conversation as the web apps hold it (docs/delivery.md): its details, a window of its timeline that grows
// downwards with live entries and upwards as older pages are asked for, the sends of this conversation still in the
// outbox, and the members' markers from which receipts follow. The staff and the patient thread views only render
// what this model tells them through its events; neither keeps a seq, a queue or a marker of its own.

import {api} from './api.js';
import {isMessage} from './entry-kinds.js';
import {Markers} from './receipts.js';

const FIRST_PAGE = 50;
const OLDER_PAGE = 100;
const GAP_PAGE = 200;

/** What an entry of each kind changes in the open conversation besides being added (entry-kinds.js). */
const EFFECTS = {
    message_deleted: (timeline, entry) => timeline.forget(entry.meta?.seq),
    settings_changed: (timeline, entry) => timeline.settingsChanged(entry.meta ?? {}),
    member_added: timeline => timeline.refreshDetails(),
    member_removed: timeline => timeline.refreshDetails(),
    sms_status: (timeline, entry) => timeline.smsStep(entry.meta ?? {}),
    purged: timeline => timeline.forgetMessages(),
};

/**
 * The model of an open conversation. Events (detail in brackets), all dispatched synchronously:
 * <ul>
 * <li>`details` ({details}): the conversation, its patient and members were read or changed;
 * <li>`loaded` ({entries, readOnOpen}): the newest page, oldest first; the window is [minSeq, maxSeq]; readOnOpen is
 *     the user's read marker from before they opened it (null when not a member), where "New messages" starts;
 * <li>`appended` ({entry}): the entry after maxSeq, in seq order, each once, gaps read from the history;
 * <li>`removed` ({seq}): a message of the window was deleted;
 * <li>`older-loading`, then `older` ({entries}): a page before minSeq (empty when none came);
 * <li>`receipts`: members' markers moved, so receipts of own messages may read differently;
 * <li>`edit-unsent` ({body}): a refused message is to be changed in the message box;
 * <li>`reply` ({entry}): the user chose to reply to the message `entry` (the message box quotes it);
 * <li>`pending` ({entry}), `pending-failed` ({entry}), `pending-sent` ({clientMsgId}): an outbox entry of this
 *     conversation is shown, was refused, or arrived as an entry of the timeline;
 * <li>`typing` ({userId, name}): a member other than me is typing;
 * <li>`sms-state` ({seq}): the SMS at seq was sent, delivered or failed (its entry's smsState says which).
 * </ul>
 */
export class Timeline extends EventTarget {

    /**
     * @param link the live link: send, pending, read and typing go through it
     * @param onRead (c, seq): the user has now seen the conversation up to seq
     * @param lookUpName optional async (userId) -> display name, for colleagues a note names who are not members
     */
    constructor(conversationId, me, {link, onRead, lookUpName = null}) {
        super();
        this.id = conversationId;
        this.me = me;
        this.link = link;
        this.onRead = onRead;
        this.lookUpName = lookUpName;
        this.details = null;
        this.markers = null;
        this.isOwner = false;
        this.loaded = false;
        this.minSeq = 0;
        this.maxSeq = 0;
        this.entries = new Map(); // seq -> entry of the window
        this.inbound = [];
        this.filling = false;
        this.loadingOlder = false;
        this.pending = new Map(); // clientMsgId -> outbox entry not yet in the timeline
        this.colleagues = new Map(); // userId -> display name of non-members named in notes
    }

    /** Reads the conversation and its newest entries, then takes any that arrived meanwhile. */
    async load() {
        const [details, page] = await Promise.all([
            api('GET', this.path()),
            api('GET', `${this.path()}/messages?limit=${FIRST_PAGE}`),
        ]);
        this.setDetails(details);
        // where the user had read to before opening: the thread's "New messages" divider goes after it
        const readOnOpen = details.members.find(m => m.userId === this.me.id)?.readSeq ?? null;
        this.minSeq = page.length ? page[0].seq : details.conversation.lastSeq + 1;
        this.maxSeq = page.length ? page[page.length - 1].seq : details.conversation.lastSeq;
        page.forEach(entry => this.entries.set(entry.seq, entry));
        this.emit('loaded', {entries: page, readOnOpen});
        this.link.pending(this.id).forEach(entry => this.showPending(entry));
        this.loaded = true;
        this.markRead();
        await this.receive([]);
    }

    /** What this model holds without a gap, for the live link's resume. */
    heldCursor() {
        return this.loaded ? {c: this.id, seq: this.maxSeq} : null;
    }

    get atStart() {
        return this.minSeq <= 1;
    }

    /**
     * Live or caught-up entries of this conversation, in any order, duplicates allowed: applied in seq order, each
     * once. An entry that does not follow the last one applied waits while the gap is read from the history; an empty
     * answer means nothing is there, and what came is taken. A failed read leaves them waiting for the next call (the
     * resume after a reconnect brings them again).
     */
    async receive(entries) {
        this.inbound.push(...entries);
        if (!this.loaded || this.filling) {
            return;
        }
        this.filling = true;
        let added = false;
        try {
            while (this.inbound.length) {
                this.inbound.sort((a, b) => a.seq - b.seq);
                const next = this.inbound[0];
                if (next.seq <= this.maxSeq) {
                    this.inbound.shift();
                } else if (next.seq === this.maxSeq + 1) {
                    this.inbound.shift();
                    this.append(next);
                    added = true;
                } else {
                    await this.fillGapBefore(next);
                }
            }
        } catch (unreachable) {
            // the connection indicator says so; the entries stay in `inbound`
        } finally {
            this.filling = false;
        }
        if (added) {
            this.markRead();
        }
    }

    async fillGapBefore(next) {
        const gap = await api('GET', `${this.path()}/messages?after=${this.maxSeq}&limit=${GAP_PAGE}`);
        if (gap.length === 0) {
            this.maxSeq = next.seq - 1; // nothing to fill it with: take what came
        }
        this.inbound.push(...gap);
    }

    append(entry) {
        this.maxSeq = entry.seq;
        this.entries.set(entry.seq, entry);
        EFFECTS[entry.kind]?.(this, entry);
        this.emit('appended', {entry});
        if (isMessage(entry) && entry.senderId === this.me.id && this.pending.delete(entry.clientMsgId)) {
            this.emit('pending-sent', {clientMsgId: entry.clientMsgId});
        }
    }

    /** Reads the page before the window; one read at a time, none once the start is reached. */
    async loadOlder() {
        if (!this.loaded || this.loadingOlder || this.atStart) {
            return;
        }
        this.loadingOlder = true;
        this.emit('older-loading');
        let page = [];
        try {
            page = await api('GET', `${this.path()}/messages?before=${this.minSeq}&limit=${OLDER_PAGE}`);
            this.minSeq = page.length ? page[0].seq : 1;
            page.forEach(entry => this.entries.set(entry.seq, entry));
        } catch (unreachable) {
            // the window stays; scrolling up again asks again
        } finally {
            this.loadingOlder = false;
            this.emit('older', {entries: page});
        }
    }

    setDetails(details) {
        this.details = details;
        this.markers = this.markers ? this.markers.withMembers(details.members) : new Markers(details.members);
        this.isOwner = details.members.find(m => m.userId === this.me.id)?.role === 'owner';
        this.emit('details', {details});
    }

    /** Whether the member is a patient (their messages look different); false for anyone not named in the details. */
    isPatientMember(userId) {
        return Boolean(this.details?.members.find(m => m.userId === userId)?.patient);
    }

    /** Reads the details again (members or topic changed); the markers seen so far are kept. */
    async reloadDetails() {
        this.setDetails(await api('GET', this.path()));
        this.emit('receipts');
    }

    /** As reloadDetails, for a change seen in the timeline: a refusal (I was removed) is answered by a reset. */
    refreshDetails() {
        this.reloadDetails().catch(() => {});
    }

    settingsChanged(meta) {
        this.details.conversation.acceptResponses = meta.acceptResponses;
        this.emit('details', {details: this.details});
        if (meta.topicChanged) {
            this.refreshDetails();
        }
    }

    /** A step of an SMS to the patient (sent, delivered, failed with a reason): its entry says where it stands now. */
    smsStep(meta) {
        const sms = this.entries.get(meta.seq);
        if (sms) {
            sms.smsState = meta.state;
            sms.smsReason = meta.reason ?? null;
            this.emit('sms-state', {seq: meta.seq});
        }
    }

    /** The conversation was purged: every message the window holds goes (its tombstone stays, as the last entry). */
    forgetMessages() {
        [...this.entries.values()].filter(isMessage).forEach(entry => this.forget(entry.seq));
    }

    forget(seq) {
        if (this.entries.delete(seq)) {
            this.emit('removed', {seq});
        }
    }

    /** A receipt frame of this conversation. */
    receipt(frame) {
        if (this.markers?.apply(frame)) {
            this.emit('receipts');
        }
    }

    /** {delivered, readers} of the message at `seq` sent by `senderId`. */
    receiptOf(seq, senderId) {
        return this.markers.receiptOf(seq, senderId);
    }

    /** Who read the message at `seq` and when: [{userId, displayName, readAt}], earliest first. */
    readTimes(seq) {
        return api('GET', `${this.path()}/messages/${seq}/readers`);
    }

    nameOf(userId) {
        return this.markers?.members.get(userId)?.displayName ?? this.colleagues.get(userId);
    }

    /**
     * Forwarding and escalation notes name colleagues who are not members (the delegate, the escalation contact):
     * their names are read through `lookUpName`. Resolves true when a name was learnt, so the note reads again.
     */
    async nameColleaguesIn(entry) {
        const meta = entry.meta ?? {};
        const ids = [meta.from, meta.userId, ...[meta.to].flat()].filter(id => typeof id === 'string');
        const unknown = [...new Set(ids)].filter(id => !this.nameOf(id));
        let learnt = false;
        for (const id of this.lookUpName ? unknown : []) {
            try {
                this.colleagues.set(id, await this.lookUpName(id));
                learnt = true;
            } catch (notFound) {
                // not in the directory (any more): the note keeps "a member"
            }
        }
        return learnt;
    }

    /** A typing frame of this conversation. */
    typing(userId) {
        const member = this.markers?.members.get(userId);
        if (member && userId !== this.me.id) {
            this.emit('typing', {userId, name: member.displayName});
        }
    }

    /** The user chose Reply on a message: the message box takes it as what the next message answers. */
    startReply(entry) {
        this.emit('reply', {entry});
    }

    /**
     * Sends a message (options: {urgent, attachments, replyTo (a seq), mentions (user ids)}) through the outbox, shown as pending until it
     * arrives.
     */
    send(body, options) {
        this.showPending(this.link.send(this.id, body, options));
    }

    /** The user is typing in this conversation. */
    userTyping() {
        this.link.typing(this.id);
    }

    showPending(outboxEntry) {
        this.pending.set(outboxEntry.clientMsgId, outboxEntry);
        this.emit('pending', {entry: outboxEntry});
    }

    /** Sends a refused message again, as it was (a new send: the refused one left no trace on the server). */
    retry(clientMsgId) {
        const refused = this.dropUnsent(clientMsgId);
        if (refused) {
            this.send(refused.body, {urgent: refused.urgent, attachments: refused.attachments,
                replyTo: refused.replyTo, mentions: refused.mentions});
        }
    }

    /** Takes a refused message out of the thread and hands its text to the message box (`edit-unsent`). */
    editUnsent(clientMsgId) {
        const refused = this.dropUnsent(clientMsgId);
        if (refused) {
            this.emit('edit-unsent', {body: refused.body});
        }
    }

    dropUnsent(clientMsgId) {
        const refused = this.pending.get(clientMsgId);
        if (!refused || refused.state !== 'failed') {
            return null;
        }
        this.pending.delete(clientMsgId);
        this.emit('pending-sent', {clientMsgId});
        return refused;
    }

    /** An outbox entry was answered; a refusal is shown on its pending message. */
    sendSettled(outboxEntry) {
        if (this.pending.has(outboxEntry.clientMsgId) && outboxEntry.state === 'failed') {
            this.emit('pending-failed', {entry: outboxEntry});
        }
    }

    /** Moves the read marker to the newest entry, when the window is loaded and the page is in sight. */
    markRead() {
        if (this.loaded && document.visibilityState === 'visible') {
            this.onRead(this.id, this.maxSeq);
        }
    }

    path() {
        return `/api/v1/conversations/${encodeURIComponent(this.id)}`;
    }

    emit(type, detail) {
        this.dispatchEvent(new CustomEvent(type, {detail}));
    }
}
