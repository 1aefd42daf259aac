// Urgent messages waiting for the user's acknowledgement, shown apart above the conversations. Each alerts with a
// distinct sound when it arrives and again every `repeatEveryMinutes` until it is acknowledged — here, on another
// device, or by the colleague it was escalated to (an `urgent_cleared` frame then removes it everywhere).

import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';
import {timeOfDay} from '../shared/format.js';

export class UrgentPanel {
    constructor(alerts) {
        this.alerts = alerts;
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
        const item = h('li', {class: 'urgent-item', dataset: {alertId: alert.alertId, c: alert.conversationId}},
            h('a', {href: `#/c/${alert.conversationId}`, class: 'urgent-open'},
                `From ${alert.senderName || 'a colleague'}`,
                alert.escalatedFromUserId ? ' (escalated to you)' : '',
                ` · ${timeOfDay(alert.createdAt)}`),
            button);
        const repeat = setInterval(() => this.alerts.urgent(alert.senderName),
            Math.max(1, alert.repeatEveryMinutes || 2) * 60_000);
        this.pending.set(alert.alertId, {item, repeat});
        this.list.appendChild(item);
        this.element.hidden = false;
        if (fresh) {
            this.alerts.urgent(alert.senderName);
        }
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
    }

    async acknowledge(alert, button) {
        button.disabled = true;
        try {
            await api('POST', `/api/v1/conversations/${alert.conversationId}/messages/${alert.seq}/acknowledge`);
            this.clear(alert.alertId);
        } catch (error) {
            button.disabled = false;
        }
    }
}
