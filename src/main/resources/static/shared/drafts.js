// Drafts: what is typed in a conversation's message box and not sent yet, by conversation, so that opening another
// conversation and coming back finds it again. Held in this page's memory only — never localStorage, sessionStorage
// or IndexedDB — so nothing typed is left in the browser once the tab closes or the session ends.

const drafts = new Map(); // conversation id -> text

export const Drafts = {
    get(conversationId) {
        return drafts.get(conversationId) ?? '';
    },

    /** Keeps the text, or forgets the draft when there is no text left. */
    set(conversationId, text) {
        if (text.trim()) {
            drafts.set(conversationId, text);
        } else {
            drafts.delete(conversationId);
        }
    },

    /** Forgets every draft (the session ended). */
    clear() {
        drafts.clear();
    },
};
