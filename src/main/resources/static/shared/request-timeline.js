// A contact request's thread as the web apps hold it: the same timeline model as a conversation (timeline.js), read
// and written through the request's own routes, because the thread has no members — staff read it as the request's
// team, the patient as its author. The live link follows it with a `watch` frame while it is open.

import {api, ApiError} from './api.js';
import {newClientMessageId} from './format.js';
import {Timeline} from './timeline.js';

const NO_ANSWER = 'No answer from the server, so the message may have been sent. Send it again: it will not go twice.';

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
        this.unanswered = null; // {body, clientMsgId}: the last send the server did not answer
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
     * answer). Resolves the answer ({seq, state, reason} for an SMS), or rejects with the server's refusal, or with
     * status 0 when no answer came (cut off, or not in time: the text may have been stored and sent).
     *
     * A send that got no answer may have been stored, so the same text sent again carries the same client message
     * id: the server then answers with the first send's entry instead of storing (and texting) it twice.
     */
    async send(body) {
        const clientMsgId = this.unanswered?.body === body ? this.unanswered.clientMsgId : newClientMessageId();
        this.dropUnsent(clientMsgId);
        const pending = {clientMsgId, c: this.id, body, attachments: [], state: 'pending'};
        this.showPending(pending);
        try {
            const answer = await api('POST', `${this.path()}/${this.writePath}`, {clientMsgId, body});
            this.unanswered = null;
            await this.catchUp();
            if (this.entries.has(answer.seq) && this.pending.delete(clientMsgId)) {
                // a second try answered with an entry that is already here (it came while the first went unanswered)
                this.emit('pending-sent', {clientMsgId});
            }
            return answer;
        } catch (refusal) {
            // A refusal of a second try says nothing of the first: the id is kept until a send of it is answered.
            pending.unanswered = refusal.status === 0;
            if (pending.unanswered) {
                this.unanswered = {body, clientMsgId};
            }
            const error = pending.unanswered ? new ApiError(0, NO_ANSWER) : refusal;
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
