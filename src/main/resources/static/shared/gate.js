// The pieces of the pages before an app (staff and patient sign-in): the page, a labelled field, a step's form.

import {h} from './dom.js';

/** The centred card every sign-in step is shown in. */
export function gatePage(title, ...content) {
    return h('main', {class: 'gate', id: 'main'},
        h('div', {class: 'gate-card'},
            h('p', {class: 'brand', 'aria-hidden': 'true'}, 'CareChat'),
            h('h1', {}, title),
            content));
}

/** A labelled input (text unless `attrs` says otherwise), with an optional hint read out with it. */
export function field(id, label, attrs, hint) {
    const hintId = hint ? `${id}-hint` : null;
    const input = h('input', {id, name: id, type: 'text', ...attrs, 'aria-describedby': hintId});
    return {input, wrap: h('div', {class: 'field'}, h('label', {for: id}, label), input,
        hint ? h('p', {class: 'hint', id: hintId}, hint) : null)};
}

/** A form whose submit runs `action`; a refusal shows the server's sentence and re-enables the form. */
export function stepForm(submitLabel, fields, action) {
    const error = h('p', {class: 'error', role: 'alert', hidden: true});
    const submit = h('button', {class: 'primary', type: 'submit'}, submitLabel);
    const form = h('form', {novalidate: true}, fields, error, submit);
    form.addEventListener('submit', async event => {
        event.preventDefault();
        submit.disabled = true;
        error.hidden = true;
        try {
            await action();
        } catch (failure) {
            error.textContent = failure.message;
            error.hidden = false;
            submit.disabled = false;
        }
    });
    return form;
}
