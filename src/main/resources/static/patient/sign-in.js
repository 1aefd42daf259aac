// Registration and sign-in for patients: the mobile number or e-mail address in their record and their date of
// birth, then the one-time code the server sends there. The server's answers are the same whether a record
// matches or not; this page only shows them. "I have a password" shows only where an organisation of the server has
// patients sign in by password (asked once per page, anonymously: the answer names no one).

import {api, setCsrfToken} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {field, gatePage as page, stepForm} from '../shared/gate.js';
import {birthDateField} from './birth-date.js';

let signInOptions = null;

/** Whether to offer "I have a password"; read once, and not offered when the question fails. */
function passwordsOffered() {
    signInOptions ??= api('GET', '/api/v1/public/patient-sign-in', undefined, {anonymous: true})
        .then(options => options.passwords, () => false);
    return signInOptions;
}

/** Resolves with {user, csrfToken} once a code was accepted. */
export function codeSignIn(root, notice) {
    return new Promise(resolve => detailsStep(root, notice, resolve));
}

function detailsStep(root, notice, resolve) {
    const contact = field('contact', 'Mobile number or e-mail address', {type: 'text', autocomplete: 'username',
        inputmode: 'email', required: true, autocapitalize: 'none', spellcheck: 'false'},
    'The one your practice has in your record.');
    const birthDate = birthDateField();
    const form = stepForm('Send me a code', [contact.wrap, birthDate.wrap], async () => {
        const answer = await api('POST', '/api/v1/patient-access/codes',
            {contact: contact.input.value.trim(), birthDate: birthDate.value()}, {anonymous: true});
        codeStep(root, answer, resolve);
    });
    const passwordInstead = h('p', {class: 'start-again', hidden: true}, h('button', {type: 'button',
        class: 'link password-instead', onClick: () => passwordStep(root, resolve)}, 'I have a password'));
    replaceChildren(root, page('Your secure messages',
        notice ? h('p', {class: 'notice', role: 'status'}, notice) : null,
        h('p', {}, 'Sign in, or register the first time, with the mobile number or e-mail address your practice has '
            + 'for you. We send you a one-time code.'),
        form,
        passwordInstead));
    passwordsOffered().then(offered => {
        passwordInstead.hidden = !offered;
    });
    contact.input.focus();
}

/** Where the practice has patients sign in with a password they chose after registering. */
function passwordStep(root, resolve) {
    const contact = field('contact', 'Mobile number or e-mail address', {type: 'text', autocomplete: 'username',
        required: true, autocapitalize: 'none', spellcheck: 'false'});
    const birthDate = birthDateField();
    const password = field('password', 'Password', {type: 'password', autocomplete: 'current-password',
        required: true});
    const form = stepForm('Sign in', [contact.wrap, birthDate.wrap, password.wrap], async () => {
        const session = await api('POST', '/api/v1/patient-access/password-sign-in', {contact: contact.input.value.trim(),
            birthDate: birthDate.value(), password: password.input.value}, {anonymous: true});
        setCsrfToken(session.csrfToken);
        resolve(session);
    });
    replaceChildren(root, page('Sign in with your password', form,
        h('p', {class: 'start-again'}, h('button', {type: 'button', class: 'link',
            onClick: () => detailsStep(root, null, resolve)}, 'Send me a code instead'))));
    contact.input.focus();
}

/** After a code, where the practice uses passwords: choose one for next time (or not now). */
function choosePasswordStep(root, session, resolve) {
    const next = field('new-password', 'New password (at least 12 characters)', {type: 'password',
        autocomplete: 'new-password', required: true, minlength: 12});
    const form = stepForm('Save password', [next.wrap], async () => {
        await api('POST', '/api/v1/patient-access/password', {newPassword: next.input.value});
        resolve(session);
    });
    replaceChildren(root, page('Choose a password',
        h('p', {}, 'Your practice lets you sign in with a password next time, without waiting for a code.'), form,
        h('p', {class: 'start-again'}, h('button', {type: 'button', class: 'link', onClick: () => resolve(session)},
            'Not now'))));
    next.input.focus();
}

function codeStep(root, answer, resolve) {
    const code = field('code', 'The 6-digit code', {type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
        required: true, maxlength: 6, pattern: '[0-9]{6}'});
    const form = stepForm('Sign in', [code.wrap], async () => {
        const session = await api('POST', '/api/v1/patient-access/sign-in',
            {request: answer.request, code: code.input.value.replace(/\s+/g, '')}, {anonymous: true});
        setCsrfToken(session.csrfToken);
        if (session.choosePassword) {
            choosePasswordStep(root, session, resolve);
        } else {
            resolve(session);
        }
    });
    replaceChildren(root, page('Enter your code',
        h('p', {class: 'notice', role: 'status'}, answer.detail),
        form,
        h('p', {class: 'start-again'}, h('button', {type: 'button', class: 'link',
            onClick: () => detailsStep(root, null, resolve)}, 'Ask for a new code'))));
    code.input.focus();
}
