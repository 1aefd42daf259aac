// Colleagues' availability (Available, Busy, Unavailable): read once the live link is up, then kept current by
// `availability` frames. Each status element (../shared/user-status.js) is painted as it is made, and all of them in
// `root` again when a status changes, so lists and threads need not know about availability.

import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';
import {timeOfDay} from '../shared/format.js';
import {paintStatusesWith} from '../shared/user-status.js';

const KEPT = 'kept';
const LABEL = {busy: 'Busy', unavailable: 'Unavailable'};

export class AvailabilityBoard extends EventTarget {
    constructor(root) {
        super();
        this.root = root;
        this.statuses = new Map();
        paintStatusesWith(element => this.paintOne(element));
    }

    async load() {
        try {
            const rows = await api('GET', '/api/v1/availability');
            this.statuses = new Map(rows.map(row => [row.userId, row]));
        } catch (error) {
            return; // shown as available until the next change; the link reads it again when back
        }
        this.paint(this.root);
        this.dispatchEvent(new CustomEvent('change'));
    }

    /** An `availability` frame: a colleague's status changed or lapsed. */
    apply(frame) {
        if (frame.status === 'available') {
            this.statuses.delete(frame.userId);
        } else {
            this.statuses.set(frame.userId, frame);
        }
        this.paint(this.root);
        this.dispatchEvent(new CustomEvent('change'));
    }

    statusOf(userId) {
        return this.statuses.get(userId) ?? {userId, status: 'available'};
    }

    /** Every status element under `node`. */
    paint(node) {
        node.querySelectorAll('[data-status-user]').forEach(element => this.paintOne(element));
    }

    paintOne(element) {
        const status = this.statusOf(element.dataset.statusUser);
        element.dataset.status = status.status;
        element.textContent = LABEL[status.status]
            ? `${LABEL[status.status]}${status.until ? ` until ${timeOfDay(status.until)}` : ''}` : '';
    }
}

/**
 * The selector at the top of the app: the user's own status, optionally for a while, and (not Available) the
 * colleagues direct messages are forwarded to. Choosing another status ends forwarding, as the server does.
 */
export function statusSelector(me, board) {
    const select = document.createElement('select');
    select.className = 'status-select';
    select.setAttribute('aria-label', 'Your availability');
    for (const [value, label] of [['available', 'Available'], ['busy', 'Busy'], ['unavailable', 'Unavailable']]) {
        select.append(new Option(label, value));
    }
    const duration = document.createElement('select');
    duration.className = 'status-for';
    duration.setAttribute('aria-label', 'For how long');
    for (const [value, label] of [['', 'until changed'], ['30', 'for 30 min'], ['60', 'for 1 hour'],
        ['120', 'for 2 hours'], ['240', 'for 4 hours']]) {
        duration.append(new Option(label, value));
    }
    // the own status as last answered by the server: frames to colleagues need not carry whom it forwards to
    let own = board.statusOf(me.id);
    const forwarding = h('button', {type: 'button', class: 'secondary forwarding-open', disabled: true,
        onClick: async () => (await import('./forwarding-dialog.js')).forwardingDialog(me, own, saved => {
            own = saved;
            board.apply(saved);
        })}, 'Forwarding');
    // "until 14:30": the end time of the status in force, so it shows after a reload or a change on another device
    const kept = new Option('', KEPT);
    const choose = async () => {
        const body = {status: select.value};
        if (select.value !== 'available' && duration.value === KEPT) {
            body.until = own.until;
        } else if (select.value !== 'available' && duration.value) {
            body.until = Date.now() + Number(duration.value) * 60_000;
        }
        try {
            own = await api('PUT', '/api/v1/availability', body);
            board.apply({...own});
        } catch (error) {
            select.value = board.statusOf(me.id).status;
        }
    };
    select.addEventListener('change', choose);
    duration.addEventListener('change', choose);
    const showOwn = () => {
        const now = board.statusOf(me.id);
        if (now.status !== own.status || now.until !== own.until) {
            own = now; // changed elsewhere (another device, or lapsed): its forwarding is whatever that one carries
        }
        select.value = now.status;
        showEnd(duration, kept, now.until);
        duration.disabled = select.value === 'available';
        forwarding.disabled = select.value === 'available';
        const count = own.forwardTo?.length ?? 0;
        forwarding.textContent = count > 0 ? `Forwarding to ${count}` : 'Forwarding';
    };
    board.addEventListener('change', showOwn);
    showOwn(); // made after the board was read (the app makes it a frame after its start on a phone): shown at once
    const wrapper = document.createElement('span');
    wrapper.className = 'status-selector';
    wrapper.append(select, duration, forwarding);
    return wrapper;
}

/** Offers and selects "until <time>" while the own status has an end; otherwise "until changed" and the durations. */
function showEnd(duration, kept, until) {
    if (until) {
        kept.textContent = `until ${timeOfDay(until)}`;
        if (!kept.parentNode) {
            duration.prepend(kept);
        }
        duration.value = KEPT;
    } else {
        kept.remove();
        if (duration.value === KEPT || !duration.value) {
            duration.value = '';
        }
    }
}
