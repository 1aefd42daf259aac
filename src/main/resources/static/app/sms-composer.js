// "New SMS" under a request's thread: the text, its length in characters and SMS parts as it will be sent (GSM 7-bit
// or UCS-2), and "Send message". After a send the composer says clearly that the message was sent (or why not), so
// nobody leaves the page unsure.

import {h} from '../shared/dom.js';
import {smsLength} from '../shared/sms-length.js';

const MAX_PARTS = 10;

/** @param onSend async (body) -> the server's answer {state, reason}; rejects with the server's refusal */
export function smsComposer({onSend}) {
    const input = h('textarea', {id: 'sms-input', rows: 3, autocomplete: 'off', 'aria-describedby': 'sms-length'});
    const length = h('p', {class: 'sms-length', id: 'sms-length', 'aria-live': 'polite'});
    const button = h('button', {type: 'submit', class: 'primary send-sms', disabled: true}, 'Send message');
    const confirmation = h('p', {class: 'sms-confirmation', role: 'status', 'aria-live': 'polite'});
    const form = h('form', {class: 'sms-composer'},
        h('label', {for: 'sms-input', class: 'sms-label'}, 'New SMS'),
        input,
        h('div', {class: 'sms-row'}, length, button),
        confirmation);
    let sending = false;

    const update = () => {
        const {characters, encoding, parts} = smsLength(input.value);
        length.textContent = `${characters} ${characters === 1 ? 'character' : 'characters'} · ${parts} SMS`
            + (encoding === 'ucs2' ? ' (special characters: 70 per SMS)' : '');
        length.dataset.parts = String(parts);
        button.disabled = sending || !input.value.trim() || parts > MAX_PARTS;
    };
    form.addEventListener('submit', async event => {
        event.preventDefault();
        const body = input.value.trim();
        if (!body || sending) {
            return;
        }
        sending = true;
        update();
        confirmation.className = 'sms-confirmation';
        confirmation.textContent = 'Sending…';
        try {
            const answer = await onSend(body);
            input.value = '';
            confirmation.classList.add(answer.state === 'failed' ? 'failed' : 'sent');
            confirmation.textContent = answer.state === 'failed'
                ? `Message not sent: ${answer.reason}`
                : answer.state === 'queued'
                    ? 'Message saved: it goes out as soon as the SMS centre can be reached.'
                    : 'Message sent.';
        } catch (error) {
            confirmation.classList.add('failed');
            confirmation.textContent = error.status === 0 ? error.message : `Message not sent: ${error.message}`;
        } finally {
            sending = false;
            update();
        }
    });
    input.addEventListener('input', () => {
        confirmation.textContent = '';
        update();
    });
    update();
    return {element: form, focus: () => input.focus()};
}
