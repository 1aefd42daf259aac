// The pieces every console page and the account page are built from: a page with its heading, labelled fields,
// tables, a form whose submit shows the server's refusal in place, and a status line that says what happened.

import {openDialog} from '../shared/dialog.js';
import {h} from '../shared/dom.js';
import {dateTime} from '../shared/format.js';

/** A page of the console: its heading (focused when shown) and its parts. */
export function consolePage(title, ...content) {
    const heading = h('h2', {class: 'console-title', tabindex: '-1'}, title);
    return h('section', {class: 'console-page', 'aria-labelledby': undefined}, heading, content);
}

/** A titled part of a page. */
export function panel(title, ...content) {
    return h('section', {class: 'panel'}, h('h3', {}, title), content);
}

let fieldIds = 0;

/**
 * A labelled control. `tag` is 'input' (default), 'select' or 'textarea'; `attrs` go to the control; `options`
 * ([value, label] pairs) fill a select. Returns {wrap, input}.
 */
export function labelled(label, attrs = {}, {tag = 'input', options = [], hint = null} = {}) {
    const id = attrs.id || `console-field-${++fieldIds}`;
    const hintId = hint ? `${id}-hint` : null;
    const input = tag === 'select'
        ? h('select', {...attrs, id, 'aria-describedby': hintId},
            options.map(([value, text]) => h('option', {value}, text)))
        : h(tag, {type: tag === 'input' ? 'text' : undefined, ...attrs, id, 'aria-describedby': hintId});
    const wrap = h('div', {class: attrs.type === 'checkbox' ? 'field switch' : 'field'},
        attrs.type === 'checkbox' ? [input, h('label', {for: id}, label)] : [h('label', {for: id}, label), input],
        hint ? h('p', {class: 'hint', id: hintId}, hint) : null);
    return {wrap, input};
}

/** A line that says what the last action did (read out by screen readers). */
export function statusLine() {
    const line = h('p', {class: 'console-status', role: 'status', 'aria-live': 'polite'});
    return {
        element: line,
        say(text, isError = false) {
            line.textContent = text;
            line.classList.toggle('error', isError);
        },
    };
}

/**
 * A form that runs `action()` on submit; a refusal shows the server's sentence in its own alert and the form can be
 * sent again. Returns the form; `fields` are nodes.
 */
export function actionForm(submitLabel, fields, action, {inline = false} = {}) {
    const error = h('p', {class: 'error', role: 'alert', hidden: true});
    const submit = h('button', {class: 'primary', type: 'submit'}, submitLabel);
    const form = h('form', {class: inline ? 'console-form inline' : 'console-form', novalidate: true},
        fields, h('div', {class: 'form-actions'}, submit), error);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        submit.disabled = true;
        error.hidden = true;
        try {
            await action();
        } catch (failure) {
            error.textContent = failure.message;
            error.hidden = false;
        } finally {
            submit.disabled = false;
        }
    });
    return form;
}

/** A dialog holding a form: closes when `action` succeeds, shows the refusal otherwise. */
export function formDialog(title, submitLabel, fields, action) {
    let handle = null;
    const form = actionForm(submitLabel, fields, async () => {
        await action();
        handle.close();
    });
    handle = openDialog({title, content: form, className: 'wide'});
    return handle;
}

/** A table with a caption: `columns` are header texts, `rows` arrays of cells (nodes or text). */
export function table(caption, columns, rows, {className = ''} = {}) {
    return h('div', {class: 'table-wrap'}, h('table', {class: `console-table ${className}`},
        h('caption', {class: 'visually-hidden'}, caption),
        h('thead', {}, h('tr', {}, columns.map(c => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, rows.map(cells => h('tr', {}, cells.map(c => h('td', {}, c)))))));
}

/** A date and time, or `never` for none. */
export function when(millis, never = 'never') {
    return millis === null || millis === undefined ? never : dateTime(millis);
}

/** A small button. */
export function smallButton(label, onClick, className = 'secondary') {
    return h('button', {type: 'button', class: `${className} small`, onClick}, label);
}

/** A yes/no read out in words. */
export function yesNo(value, yes = 'on', no = 'off') {
    return h('span', {class: value ? 'state on' : 'state off'}, value ? yes : no);
}
