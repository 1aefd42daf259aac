// The kinds of timeline entries (the server's EntryKind, docs/delivery.md) as the web apps tell them apart. A new kind
// is taken in here first: is it a message (a bubble in the thread, counted unread, previewed in the list) or a note
// about the conversation? What it changes in an open thread is in timeline.js (EFFECTS), how a note reads in
// message-item.js; a kind none of them names is kept in the window and shows nothing.

/** Kinds whose entries are messages someone wrote: shown as bubbles, counted as unread, previewed in the list. */
export const MESSAGE_KINDS = new Set(['text', 'sms_out', 'sms_in']);

/** Kinds of a contact request's thread written by the practice (the rest of its messages are the patient's). */
export const PRACTICE_KINDS = new Set(['sms_out']);

/** Kinds shown as a note in every app, the patient's too (which shows no other notes): what happened to the messages. */
export const NOTES_FOR_EVERYONE = new Set(['purged', 'filed']);

export function isMessage(entry) {
    return MESSAGE_KINDS.has(entry.kind);
}
