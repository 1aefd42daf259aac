// One conversation's entries, applied in seq order exactly once, for the staff and the patient thread alike.

import {api} from './api.js';

/**
 * Takes live or caught-up entries of the conversation a view shows (any order, duplicates allowed) and applies them
 * through {@code view.append} in seq order, each once. An entry that does not follow the last one applied waits while
 * the gap is read from the history; an empty answer means nothing is there, and what came is taken. The view holds
 * {@code id}, {@code loaded}, {@code maxSeq} (the last seq applied), {@code inbound} and {@code filling}.
 *
 * @returns whether anything was appended
 */
export async function receiveInOrder(view, entries) {
    view.inbound.push(...entries);
    if (!view.loaded || view.filling) {
        return false;
    }
    view.filling = true;
    let added = false;
    try {
        while (view.inbound.length) {
            view.inbound.sort((a, b) => a.seq - b.seq);
            const next = view.inbound[0];
            if (next.seq <= view.maxSeq) {
                view.inbound.shift();
            } else if (next.seq === view.maxSeq + 1) {
                view.inbound.shift();
                view.append(next);
                added = true;
            } else {
                const gap = await api('GET', `/api/v1/conversations/${encodeURIComponent(view.id)}/messages`
                    + `?after=${view.maxSeq}&limit=200`);
                if (gap.length === 0) {
                    view.maxSeq = next.seq - 1; // nothing to fill it with: take what came
                }
                view.inbound.push(...gap);
            }
        }
    } finally {
        view.filling = false;
    }
    return added;
}
