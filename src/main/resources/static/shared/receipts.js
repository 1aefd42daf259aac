// Delivered and read receipts derived from the members' markers (docs/delivery.md): a message at seq s from x is
// delivered to member m != x when m's delivered (or read) marker reached s, and read when m's read marker did.

import {h, icon, replaceChildren} from './dom.js';
import {dateTime, timeOfDay} from './format.js';

/** Keeps the highest markers seen per member; receipt frames may arrive out of order. */
export class Markers {
    constructor(members) {
        this.members = new Map(members.map(m => [m.userId, {...m}]));
    }

    /** @returns true when a marker moved forward */
    apply({userId, readSeq, deliveredSeq}) {
        const member = this.members.get(userId);
        if (!member || member.readSeq >= readSeq && member.deliveredSeq >= deliveredSeq) {
            return false;
        }
        member.readSeq = Math.max(member.readSeq, readSeq);
        member.deliveredSeq = Math.max(member.deliveredSeq, deliveredSeq);
        return true;
    }

    /** These markers for a new list of members (one joined or left): what was seen of those who stay is kept. */
    withMembers(members) {
        const merged = new Markers(members);
        for (const old of this.members.values()) {
            merged.apply(old);
        }
        return merged;
    }

    receiptOf(seq, senderId) {
        let delivered = 0;
        const readers = [];
        for (const m of this.members.values()) {
            if (m.userId === senderId) {
                continue;
            }
            if (m.deliveredSeq >= seq || m.readSeq >= seq) {
                delivered++;
            }
            if (m.readSeq >= seq) {
                readers.push(m.displayName || 'A former member');
            }
        }
        return {delivered, readers};
    }
}

let tooltipIds = 0;

/**
 * The receipt badge of an own message: nothing while only sent, a blue icon once delivered, a red icon with the
 * number of readers once read. Hovering or focusing it lists the readers' names; tapping or clicking it opens the
 * list with the time each read it (`readTimes()` -> [{displayName, readAt}], read from the server when opened).
 */
export function receiptBadge({delivered, readers, readTimes = null}) {
    if (readers.length > 0) {
        const id = `readers-${++tooltipIds}`;
        const names = readers.join(', ');
        return h('span', {class: 'receipt-wrap'},
            h('button', {type: 'button', class: 'receipt read', title: `Read by ${names}`,
                'aria-label': `Read by ${readers.length}: ${names}`, 'aria-describedby': id, 'aria-expanded': 'false',
                onClick: event => toggle(event.currentTarget, readTimes)},
            icon('checks'), h('span', {class: 'receipt-count'}, String(readers.length))),
            h('span', {class: 'readers', role: 'tooltip', id},
                h('span', {class: 'readers-title'}, 'Read by'),
                h('ul', {}, readers.map(name => h('li', {}, name)))));
    }
    if (delivered > 0) {
        return h('span', {class: 'receipt delivered', role: 'img', title: 'Delivered',
            'aria-label': 'Delivered'}, icon('checks'));
    }
    return h('span', {class: 'receipt sent', role: 'img', title: 'Sent', 'aria-label': 'Sent'}, icon('check'));
}

function toggle(button, readTimes) {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    button.parentElement.classList.toggle('open', open);
    if (open && readTimes) {
        showTimes(button.parentElement.querySelector('.readers ul'), readTimes);
    }
}

/** Replaces the names with each reader's name and when they read it (the day too when not today). */
async function showTimes(list, readTimes) {
    try {
        const readers = await readTimes();
        replaceChildren(list, readers.map(r => h('li', {class: 'reader'},
            h('span', {class: 'reader-name'}, r.displayName || 'A former member'),
            r.readAt ? h('time', {datetime: new Date(r.readAt).toISOString(), title: dateTime(r.readAt)},
                readTime(r.readAt)) : null)));
    } catch (unreachable) {
        // the names stay, without times
    }
}

function readTime(millis) {
    return new Date(millis).toDateString() === new Date().toDateString() ? timeOfDay(millis) : dateTime(millis);
}
