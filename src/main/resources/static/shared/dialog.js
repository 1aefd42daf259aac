// Modal dialogs on the native <dialog> element: focus moves into it and stays there, Escape closes it, and focus
// returns to what opened it.

import {h} from './dom.js';

let dialogIds = 0;

/**
 * Opens a modal dialog. `content` are nodes; `className` styles it. Returns {dialog, close, error(text)}:
 * `error` shows a refusal (the server's sentence) inside the dialog.
 */
export function openDialog({title, content, className = ''}) {
    const titleId = `dialog-title-${++dialogIds}`;
    const opener = document.activeElement;
    const errorBox = h('p', {class: 'error', role: 'alert', hidden: true});
    const dialog = h('dialog', {class: `dialog ${className}`, 'aria-labelledby': titleId},
        h('div', {class: 'dialog-head'},
            h('h2', {id: titleId}, title),
            h('button', {type: 'button', class: 'close', 'aria-label': 'Close', onClick: () => close()}, '×')),
        content, errorBox);
    const close = () => {
        dialog.close();
    };
    dialog.addEventListener('close', () => {
        dialog.remove();
        if (opener && opener.isConnected) {
            opener.focus();
        }
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    return {
        dialog,
        close,
        error(text) {
            errorBox.textContent = text || '';
            errorBox.hidden = !text;
        },
    };
}

/** Asks a yes/no question; resolves true when confirmed. */
export function confirmDialog(title, question, confirmLabel) {
    return new Promise(resolve => {
        let answered = false;
        const yes = h('button', {type: 'button', class: 'danger', onClick: () => {
            answered = true;
            resolve(true);
            handle.close();
        }}, confirmLabel);
        const no = h('button', {type: 'button', class: 'secondary', onClick: () => handle.close()}, 'Cancel');
        const handle = openDialog({title, className: 'confirm',
            content: [h('p', {}, question), h('div', {class: 'dialog-actions'}, no, yes)]});
        handle.dialog.addEventListener('close', () => {
            if (!answered) {
                resolve(false);
            }
        });
        no.focus();
    });
}
