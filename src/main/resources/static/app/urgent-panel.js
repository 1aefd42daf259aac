// Urgent messages waiting for the user's acknowledgement, shown apart above the conversations: who, in which
// conversation, and the start of the message (in the page only: sounds, toasts and notifications name the sender
// alone). Each alerts with a distinct sound when it arrives and again every `repeatEveryMinutes` until it is
// acknowledged — here, from the urgent message itself in the open thread, on another device, or by the colleague it
// was escalated to (an `urgent_cleared` frame then removes it everywhere). A `change` event follows each of these.

import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';
import {timeOfDay} from '../shared/format.js';
import {conversationTitle} from '../shared/inbox-model.js';

const PREVIEW_LENGTH = 80;

export class UrgentPanel extends EventTarget {
    /** @param inbox the inbox model: the conversation's name, and the message's preview when it is the last one */
    constructor(alerts, inbox) {
        super();
        this.alerts = alerts;
        this.inbox = inbox;
        this.pending = new Map();
        this.list = h('ul', {class: 'urgent-list'});
        this.element = h('section', {class: 'urgent-panel', 'aria-label': 'Urgent messages', hidden: true},
            h('h2', {class: 'urgent-title'}, 'Urgent — please acknowledge'), this.list);
    }

    async load() {
        let rows;
        try {
            rows = await api('GET', '/api/v1/urgent');
        } catch (error) {
            return;
        }
        const seen = new Set(rows.map(row => row.alertId));
        for (const id of [...this.pending.keys()]) {
            if (!seen.has(id)) {
                this.clear(id);
            }
        }
        rows.forEach(row => this.raise(row, false));
    }

    /** An `urgent` frame, or a pending alert read over REST. */
    raise(alert, fresh = true) {
        if (this.pending.has(alert.alertId)) {
            return;
        }
        const button = h('button', {type: 'button', class: 'primary acknowledge',
            onClick: () => this.acknowledge(alert, button)}, 'Acknowledge');
        const where = h('span', {class: 'urgent-where'});
        const preview = h('span', {class: 'urgent-preview'});
        const item = h('li', {class: 'urgent-item', dataset: {alertId: alert.alertId, c: alert.conversationId}},
            h('a', {href: `#/c/${alert.conversationId}`, class: 'urgent-open'},
                h('span', {class: 'urgent-from'}, `From ${alert.senderName || 'a colleague'}`,
                    alert.escalatedFromUserId ? ' (escalated to you)' : '',
                    ` · ${timeOfDay(alert.createdAt)}`),
                where, preview),
            button);
        const repeat = setInterval(() => this.alerts.urgent(alert.senderName),
            Math.max(1, alert.repeatEveryMinutes || 2) * 60_000);
        this.pending.set(alert.alertId, {item, repeat, alert});
        this.list.appendChild(item);
        this.element.hidden = false;
        this.describe(alert, where, preview);
        this.dispatchEvent(new Event('change'));
        if (fresh) {
            this.alerts.urgent(alert.senderName);
        }
    }

    /** Fills in the conversation's name and the start of the message: from the list when it has them, else read. */
    async describe(alert, where, preview) {
        const c = alert.conversationId;
        const path = `/api/v1/conversations/${encodeURIComponent(c)}`;
        try {
            const item = this.inbox.get(c);
            const details = item ?? await api('GET', path);
            const other = item ? item.with
                : details.members.find(m => m.userId === alert.senderId) ?? null;
            where.textContent = `in ${conversationTitle(details.conversation, details.patient, other)}`;
            const last = item?.lastMessage;
            const text = last?.seq === alert.seq ? last.preview
                : (await api('GET', `${path}/messages?after=${alert.seq - 1}&limit=1`))
                    .find(entry => entry.seq === alert.seq)?.body;
            preview.textContent = text ? shorten(text) : '';
        } catch (unreachable) {
            // who and when stay; the rest comes with the next load
        }
    }

    /** The alert waiting for the user's acknowledgement of the message at `seq` of `c`, or null. */
    pendingFor(c, seq) {
        for (const {alert} of this.pending.values()) {
            if (alert.conversationId === c && alert.seq === seq) {
                return alert;
            }
        }
        return null;
    }

    /** An `urgent_cleared` frame: acknowledged somewhere; stop alerting. */
    clear(alertId) {
        const entry = this.pending.get(alertId);
        if (!entry) {
            return;
        }
        clearInterval(entry.repeat);
        entry.item.remove();
        this.pending.delete(alertId);
        this.element.hidden = this.pending.size === 0;
        this.dispatchEvent(new Event('change'));
    }

    /** Acknowledges from the banner's button, or (no button) from the urgent message itself. */
    async acknowledge(alert, button = null) {
        if (button) {
            button.disabled = true;
        }
        try {
            await api('POST', `/api/v1/conversations/${alert.conversationId}/messages/${alert.seq}/acknowledge`);
            this.clear(alert.alertId);
        } catch (error) {
            if (button) {
                button.disabled = false;
            }
        }
    }
}

function shorten(text) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > PREVIEW_LENGTH ? `“${flat.slice(0, PREVIEW_LENGTH)}…”` : `“${flat}”`;
}
