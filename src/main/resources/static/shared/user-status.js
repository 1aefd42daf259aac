// A colleague's availability beside their name ("Busy until 14:30"): the element for it, painted as it is made by
// whoever knows the statuses (the staff app's availability board sets the painter), and again by it when a status
// changes. Without a painter (the patient app) it stays empty. Painting as elements are made replaces an observer of
// every change to the page.

import {h} from './dom.js';

let painter = null;

/** The status element of user `userId`. */
export function userStatus(userId) {
    const element = h('span', {class: 'user-status', dataset: {statusUser: userId}});
    painter?.(element);
    return element;
}

/** `paint(element)` fills each status element made from now on. */
export function paintStatusesWith(paint) {
    painter = paint;
}
