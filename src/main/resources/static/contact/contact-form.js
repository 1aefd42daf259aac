// The public contact form (/contact/?org=<organisation id>), for people without an account: name, date of birth,
// mobile number, a reason from the practice's list and the message. The practice matches it to a record when the
// details agree; the page says the same either way.

import {api} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';

const root = document.getElementById('app');
const org = new URLSearchParams(location.search).get('org');

start();

async function start() {
    if (!org) {
        page(h('p', {class: 'error', role: 'alert'}, 'This link is missing the practice. Ask the practice for its '
            + 'contact form link.'));
        return;
    }
    let info;
    try {
        info = await api('GET', `/api/v1/public/contact-form/${encodeURIComponent(org)}`, undefined,
            {anonymous: true});
    } catch (error) {
        page(h('p', {class: 'error', role: 'alert'}, error.message));
        return;
    }
    form(info);
}

function form(info) {
    const field = (id, label, input, hint) => h('div', {class: 'field'}, h('label', {for: id}, label), input,
        hint ? h('p', {class: 'hint', id: `${id}-hint`}, hint) : null);
    const given = h('input', {id: 'given-name', type: 'text', autocomplete: 'given-name', required: true,
        maxlength: 100});
    const family = h('input', {id: 'family-name', type: 'text', autocomplete: 'family-name', required: true,
        maxlength: 100});
    const birthDate = h('input', {id: 'birth-date', type: 'date', autocomplete: 'bday', required: true});
    const mobile = h('input', {id: 'mobile', type: 'tel', autocomplete: 'tel', required: true, maxlength: 40,
        'aria-describedby': 'mobile-hint'});
    const reason = h('select', {id: 'reason', required: info.reasons.length > 0},
        h('option', {value: ''}, 'Choose a reason'), info.reasons.map(r => h('option', {value: r.id}, r.label)));
    const text = h('textarea', {id: 'message', rows: 5, required: true, maxlength: 2000});
    const error = h('p', {class: 'error', role: 'alert', hidden: true});
    const send = h('button', {type: 'submit', class: 'primary'}, 'Send to the practice');
    const element = h('form', {class: 'public-contact', novalidate: true},
        field('given-name', 'First name', given),
        field('family-name', 'Last name', family),
        field('birth-date', 'Date of birth', birthDate),
        field('mobile', 'Mobile number', mobile, 'The practice answers by SMS to this number.'),
        info.reasons.length ? field('reason', 'Reason', reason) : null,
        field('message', 'Your message', text),
        error, send);
    element.addEventListener('submit', async event => {
        event.preventDefault();
        error.hidden = true;
        send.disabled = true;
        try {
            await api('POST', `/api/v1/public/contact-form/${encodeURIComponent(org)}`, {
                givenName: given.value, familyName: family.value, birthDate: birthDate.value, mobile: mobile.value,
                ...(reason.value ? {reasonId: reason.value} : {}), text: text.value}, {anonymous: true});
            page(h('div', {class: 'notice', role: 'status'},
                h('h2', {}, 'Thank you: your message was sent'),
                h('p', {}, `${info.organisation} will answer by SMS, usually within two working days. This form is `
                    + 'not watched all the time: in an emergency call the emergency services.')), info.organisation);
        } catch (failure) {
            error.textContent = failure.message;
            error.hidden = false;
            send.disabled = false;
        }
    });
    page(element, info.organisation);
}

function page(content, organisation) {
    replaceChildren(root, h('main', {class: 'gate', id: 'main'}, h('div', {class: 'gate-card contact-card'},
        h('p', {class: 'brand'}, organisation ?? 'CareChat'),
        h('h1', {}, 'Contact the practice'),
        content)));
}
