// The message box: Enter sends, Shift+Enter starts a new line, the send button sends too. Plain text, with files
// attached by the paperclip button, by dropping them on the box or by pasting an image into it. A message needs
// text: the send button stays disabled until there is some (the server refuses a file without text too). What is typed
// is kept as the conversation's draft (drafts.js) until it is sent. A message chosen with Reply is quoted above the
// box until the reply is sent or the quote cancelled.

import {ACCEPT, AttachmentTray} from './attachments.js';
import {h, icon, replaceChildren} from './dom.js';
import {Drafts} from './drafts.js';
import {MentionPicker} from './mention-picker.js';
import {replyPreview} from './message-item.js';

const TYPING_EVERY_MS = 3_000;

/**
 * @param options {conversationId, onSend(body, {urgent, attachments, replyTo, mentions}), onTyping, allowUrgent,
 *                mentionable}; `allowUrgent` shows the "Urgent" toggle (staff): the next message is sent urgent, then
 *                the toggle resets; `mentionable() -> [{userId, displayName}]` offers @mentions of those members
 */
export function composer({conversationId, onSend, onTyping, allowUrgent = false, mentionable = null}) {
    const input = h('textarea', {id: 'message-input', rows: 1, placeholder: 'Type message here…',
        maxlength: 4000, autocomplete: 'off'});
    const button = h('button', {type: 'submit', class: 'send', 'aria-label': 'Send message', disabled: true},
        icon('send'));
    const picker = h('input', {type: 'file', multiple: true, accept: ACCEPT, class: 'visually-hidden',
        id: 'attach-input', tabindex: '-1', 'aria-hidden': 'true'});
    const attach = h('button', {type: 'button', class: 'attach secondary', 'aria-label': 'Attach files',
        title: 'Attach photos or documents', onClick: () => picker.click()}, icon('clip'));
    const urgent = allowUrgent ? h('button', {type: 'button', class: 'secondary urgent-toggle', 'aria-pressed': 'false',
        title: 'Send the next message as urgent: it must be acknowledged', onClick: () => {
            urgent.setAttribute('aria-pressed', String(urgent.getAttribute('aria-pressed') !== 'true'));
        }}, 'Urgent') : null;
    const mentions = mentionable ? new MentionPicker(input, mentionable) : null;
    const hint = h('p', {class: 'attach-hint', 'aria-live': 'polite'});
    const tray = new AttachmentTray(conversationId, () => update());
    const replyBar = h('div', {class: 'replying', hidden: true});
    let replyTo = null;
    const cancelReply = () => {
        replyTo = null;
        replyBar.hidden = true;
        replaceChildren(replyBar);
    };
    const form = h('form', {class: 'composer'},
        replyBar,
        tray.element,
        mentions?.list,
        h('div', {class: 'composer-row'}, attach, picker,
            h('label', {for: 'message-input', class: 'visually-hidden'}, 'Message'), input, urgent, button),
        hint);
    let lastTyping = 0;

    const update = () => {
        const hasText = input.value.trim().length > 0;
        const files = tray.items.length > 0;
        button.disabled = !hasText || tray.busy();
        hint.textContent = files && !hasText ? 'Add a message to send with the file.'
            : tray.busy() ? 'Uploading…' : '';
    };

    const submit = () => {
        const body = input.value;
        if (!body.trim() || tray.busy()) {
            update();
            return;
        }
        const attachments = tray.ready();
        input.value = '';
        Drafts.set(conversationId, '');
        grow(input);
        tray.clear();
        update();
        const markedUrgent = urgent?.getAttribute('aria-pressed') === 'true';
        urgent?.setAttribute('aria-pressed', 'false');
        const answers = replyTo;
        cancelReply();
        const named = mentions?.take(body) ?? [];
        onSend(body, {urgent: markedUrgent, attachments, ...(answers ? {replyTo: answers} : {}),
            ...(named.length ? {mentions: named} : {})});
        input.focus();
    };
    form.addEventListener('submit', event => {
        event.preventDefault();
        submit();
    });
    input.addEventListener('keydown', event => {
        if (mentions?.key(event)) {
            return;
        }
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
        } else if (event.key === 'Escape' && replyTo) {
            cancelReply();
        }
    });
    input.addEventListener('input', () => {
        Drafts.set(conversationId, input.value);
        grow(input);
        update();
        const now = Date.now();
        if (now - lastTyping > TYPING_EVERY_MS && input.value.trim()) {
            lastTyping = now;
            onTyping();
        }
    });
    input.addEventListener('paste', event => {
        const files = [...(event.clipboardData?.files || [])];
        if (files.length) {
            event.preventDefault(); // a pasted image is attached, not turned into text
            tray.add(files);
        }
    });
    picker.addEventListener('change', () => {
        tray.add([...picker.files]);
        picker.value = '';
    });
    form.addEventListener('dragover', event => {
        if (event.dataTransfer?.types.includes('Files')) {
            event.preventDefault();
            form.classList.add('drop-target');
        }
    });
    form.addEventListener('dragleave', () => form.classList.remove('drop-target'));
    form.addEventListener('drop', event => {
        form.classList.remove('drop-target');
        if (event.dataTransfer?.files.length) {
            event.preventDefault();
            tray.add([...event.dataTransfer.files]);
        }
    });
    /** Puts a message that was not sent back in the box to be changed, after what is typed there already. */
    const edit = text => {
        input.value = input.value.trim() ? `${input.value}\n${text}` : text;
        Drafts.set(conversationId, input.value);
        update();
        input.focus();
        grow(input);
    };
    /** Quotes `quoted` ({seq, senderName, excerpt}) above the box: the next message answers it. */
    const reply = quoted => {
        replyTo = quoted.seq;
        replaceChildren(replyBar,
            h('p', {class: 'replying-to'}, h('span', {class: 'replying-label'}, `Replying to ${quoted.senderName}`),
                h('span', {class: 'quote-text'}, quoted.excerpt)),
            h('button', {type: 'button', class: 'cancel-reply secondary', 'aria-label': 'Cancel the reply',
                title: 'Cancel the reply', onClick: () => {
                    cancelReply();
                    input.focus();
                }}, '×'));
        replyBar.hidden = false;
        input.focus();
    };
    input.value = Drafts.get(conversationId);
    queueMicrotask(() => grow(input)); // once in the page, where its height can be measured
    update();
    return {element: form, focus: () => input.focus(), addFiles: files => tray.add(files), edit, reply};
}

function grow(textarea) {
    textarea.style.height = 'auto';
    textarea.style.height = Math.min(textarea.scrollHeight, 160) + 'px';
}

/**
 * The foot of a thread: the message box while the user may write there, else a one-line note why not. It follows the
 * conversation's details (turned 1-way, or back) and keeps the box, with what is typed in it, for as long as it stays.
 *
 * @param options {mayWrite(timeline) -> boolean, closedNote() -> the note's element, allowUrgent(timeline) -> boolean
 *                (see composer; read when the box is made), audienceNote(timeline) -> a line above the box saying who
 *                can read what is written there, or null, mentions: whether the box offers @mentions of the other
 *                members}
 */
export class ThreadFooter {
    constructor(timeline, {mayWrite, closedNote, allowUrgent = () => false, audienceNote = () => null,
        mentions = false}) {
        this.timeline = timeline;
        this.mayWrite = mayWrite;
        this.closedNote = closedNote;
        this.allowUrgent = allowUrgent;
        this.audienceNote = audienceNote;
        this.mentions = mentions;
        this.composer = null;
        this.element = h('div', {class: 'thread-footer'});
        timeline.addEventListener('details', () => this.update());
        timeline.addEventListener('edit-unsent', event => this.composer?.edit(event.detail.body));
        timeline.addEventListener('reply', ({detail: {entry}}) => this.composer?.reply(
            replyPreview(entry, entry.senderId === timeline.me.id)));
    }

    update() {
        if (!this.mayWrite(this.timeline)) {
            this.composer = null;
            replaceChildren(this.element, this.closedNote());
        } else if (!this.composer) {
            this.composer = composer({
                conversationId: this.timeline.id,
                onSend: (body, options) => this.timeline.send(body, options),
                onTyping: () => this.timeline.userTyping(),
                allowUrgent: this.allowUrgent(this.timeline),
                mentionable: this.mentions ? () => this.timeline.details.members
                    .filter(m => m.userId !== this.timeline.me.id) : null,
            });
            const audience = this.audienceNote(this.timeline);
            replaceChildren(this.element, audience ? h('p', {class: 'audience-note'}, audience) : null,
                this.composer.element);
        }
    }

    focus() {
        this.composer?.focus();
    }
}

/** A one-line note in place of the message box (why the user may not write here). */
export function closedNote(text) {
    return h('p', {class: 'one-way-note', role: 'note'}, text);
}
