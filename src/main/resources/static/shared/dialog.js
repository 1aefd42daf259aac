// Dialogs on the native <dialog> element: focus moves into it, Escape closes it, and focus returns to what opened it.
// A modal one (the default) keeps focus inside and makes the page behind it inert; a non-modal one leaves the page as
// it is, so opening it restyles only the dialog (the alerts explanation on a first start: docs/performance.md, "The
// staff app's first start, traced").

import {h} from './dom.js';

let dialogIds = 0;

/**
 * Opens a dialog, modal unless `modal` is false. `content` are nodes; `className` styles it. A non-modal one moves
 * focus to its first button unless `takeFocus` is false (it then leaves focus where the user has it). Returns
 * {dialog, close, error(text)}: `error` shows a refusal (the server's sentence) inside the dialog.
 */
export function openDialog({title, content, className = '', modal = true, takeFocus = true}) {
    const titleId = `dialog-title-${++dialogIds}`;
    const opener = document.activeElement;
    const errorBox = h('p', {class: 'error', role: 'alert', hidden: true});
    const dialog = h('dialog', {class: `dialog ${modal ? '' : 'non-modal '}${className}`, 'aria-labelledby': titleId},
        h('div', {class: 'dialog-head'},
            h('h2', {id: titleId}, title),
            h('button', {type: 'button', class: 'close', 'aria-label': 'Close', onClick: () => close()}, '×')),
        content, errorBox);
    const close = () => {
        dialog.close();
    };
    const escape = event => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
            close(); // a modal dialog closes on Escape by itself; a non-modal one does not
        }
    };
    dialog.addEventListener('close', () => {
        dialog.remove();
        if (opener && opener.isConnected) {
            opener.focus();
        }
    });
    document.body.appendChild(dialog);
    if (modal) {
        dialog.showModal();
    } else {
        dialog.show(); // which moves focus into the dialog in today's browsers, as showModal() does
        // Heard on the dialog, not the document: Escape in a dialog opened over this one closes only that one.
        dialog.addEventListener('keydown', escape);
        if (!takeFocus && opener && opener !== document.body) {
            opener.focus({preventScroll: true}); // back in the same task: the user stays where they were
        } else if (!dialog.contains(document.activeElement)) {
            dialog.querySelector('button').focus(); // as showModal() does: the first button (Close)
        }
    }
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
