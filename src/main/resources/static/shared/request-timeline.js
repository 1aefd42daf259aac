// A contact request's thread as the web apps hold it: the same timeline model as a conversation (timeline.js), read
// and written through the request's own routes, because the thread has no members — staff read it as the request's
// team, the patient as its author. The live link follows it with a `watch` frame while it is open.

import {api} from './api.js';
import {newClientMessageId} from './format.js';
import {Timeline} from './timeline.js';

export class RequestTimeline extends Timeline {

    /**
     * @param requestId the request
     * @param conversationId its thread
     * @param writePath where a text is sent: `sms` (staff, to the patient's phone) or `replies` (the patient, in the app)
     * @param onPatientWrote () => void: a text of the patient's arrived while the thread is in sight
     */
    constructor(requestId, conversationId, me, {link, writePath, onPatientWrote = () => {}}) {
        super(conversationId, me, {link, onRead: () => {}});
        this.requestId = requestId;
        this.writePath = writePath;
        this.onPatientWrote = onPatientWrote;
    }

    path() {
        return `/api/v1/contact-requests/${encodeURIComponent(this.requestId)}`;
    }

    async load() {
        await super.load();
        this.link.watch(this.id, this.maxSeq);
    }

    close() {
        this.link.unwatch(this.id);
    }

    append(entry) {
        super.append(entry);
        if ((entry.kind === 'sms_in' || entry.kind === 'text') && entry.senderId !== this.me.id
                && document.visibilityState === 'visible') {
            this.onPatientWrote();
        }
    }

    /**
     * Sends a text: shown as pending at once, and as the server's entry once it arrives (live, or read after the
     * answer). Resolves the answer ({seq, state, reason} for an SMS), or rejects with the server's refusal.
     */
    async send(body) {
        const pending = {clientMsgId: newClientMessageId(), c: this.id, body, attachments: [], state: 'pending'};
        this.showPending(pending);
        try {
            const answer = await api('POST', `${this.path()}/${this.writePath}`,
                {clientMsgId: pending.clientMsgId, body});
            await this.catchUp();
            return answer;
        } catch (error) {
            pending.state = 'failed';
            pending.error = error.message;
            this.emit('pending-failed', {entry: pending});
            throw error;
        }
    }

    /** Reads what follows the window, in case the live link has not brought it yet. */
    async catchUp() {
        try {
            await this.receive(await api('GET', `${this.path()}/messages?after=${this.maxSeq}&limit=200`));
        } catch (unreachable) {
            // the live link brings it when it is back
        }
    }

    markRead() {
        // a request's thread has no read markers: "New messages" is the team's, cleared when the request is seen
    }
}
