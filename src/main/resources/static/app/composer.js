// The message box: Enter sends, Shift+Enter starts a new line, the send button sends too. Plain text only.

import {h, icon} from './dom.js';

const TYPING_EVERY_MS = 3_000;

/**
 * @param allowUrgent show the "Urgent" toggle (staff): the next message is sent urgent, then the toggle resets
 */
export function composer({onSend, onTyping, allowUrgent = false}) {
    const input = h('textarea', {id: 'message-input', rows: 1, placeholder: 'Type message here…',
        maxlength: 4000, autocomplete: 'off'});
    const button = h('button', {type: 'submit', class: 'send', 'aria-label': 'Send message'}, icon('send'));
    const urgent = allowUrgent ? h('button', {type: 'button', class: 'secondary urgent-toggle', 'aria-pressed': 'false',
        title: 'Send the next message as urgent: it must be acknowledged', onClick: () => {
            urgent.setAttribute('aria-pressed', String(urgent.getAttribute('aria-pressed') !== 'true'));
        }}, 'Urgent') : null;
    const form = h('form', {class: 'composer'},
        h('label', {for: 'message-input', class: 'visually-hidden'}, 'Message'), input, urgent, button);
    let lastTyping = 0;

    const submit = () => {
        const body = input.value;
        if (!body.trim()) {
            return;
        }
        input.value = '';
        grow(input);
        const markedUrgent = urgent?.getAttribute('aria-pressed') === 'true';
        urgent?.setAttribute('aria-pressed', 'false');
        onSend(body, markedUrgent);
        input.focus();
    };
    form.addEventListener('submit', event => {
        event.preventDefault();
        submit();
    });
    input.addEventListener('keydown', event => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
        }
    });
    input.addEventListener('input', () => {
        grow(input);
        const now = Date.now();
        if (now - lastTyping > TYPING_EVERY_MS && input.value.trim()) {
            lastTyping = now;
            onTyping();
        }
    });
    return {element: form, focus: () => input.focus()};
}

function grow(textarea) {
    textarea.style.height = 'auto';
    textarea.style.height = Math.min(textarea.scrollHeight, 160) + 'px';
}

/** What replaces the box for a member who may not write: the reason, in one line. */
export function oneWayNote() {
    return h('p', {class: 'one-way-note', role: 'note'},
        'This conversation is 1-way: only its owners can write. You can read it, but not reply.');
}
