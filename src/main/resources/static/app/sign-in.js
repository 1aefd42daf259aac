// Everything before the app: sign-in, the second factor, a forced password change, second-factor enrolment with
// its one-time recovery codes, and the page shown when a session has ended. Each step is a small form; the server
// decides which step comes next through the fields of its answers.

import {api, ApiError, setCsrfToken} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {field, gatePage as page, stepForm} from '../shared/gate.js';
import {currentSession} from '../shared/session.js';

/**
 * Resolves with the session answer ({user, csrfToken, ...}) once the user is fully signed in: password, second
 * factor, password change and enrolment done. `notice` is shown above the sign-in form (e.g. "You signed out");
 * `asked` is the current session, when already asked for.
 */
export async function signIn(root, notice, asked = currentSession()) {
    let session = await asked;
    if (!session) {
        session = await passwordStep(root, notice);
    }
    return finishSession(root, session);
}

async function finishSession(root, session) {
    setCsrfToken(session.csrfToken);
    if (session.mustChangePassword) {
        await passwordChangeStep(root, session);
        session = await api('GET', '/api/v1/auth/me');
        setCsrfToken(session.csrfToken);
    }
    if (session.mustEnrolSecondFactor) {
        await enrolStep(root);
        session = await api('GET', '/api/v1/auth/me');
        setCsrfToken(session.csrfToken);
    }
    return session;
}

/** The page shown when the server ends the session (idle or absolute time-out, signed out elsewhere). */
export function sessionEndedPage(root) {
    return new Promise(resolve => {
        const button = h('button', {class: 'primary', type: 'button', onClick: resolve}, 'Sign in again');
        replaceChildren(root, page('Your session has ended',
            h('p', {}, 'For your patients\' privacy CareChat ends a session after a period without use, after 12 '
                + 'hours, or when it is ended from another device. Nothing you had sent is lost.'),
            h('p', {}, 'Messages you typed but that were not yet sent when the session ended were not sent.'),
            button));
        button.focus();
    });
}

function passwordStep(root, notice) {
    return new Promise(resolve => {
        const username = field('username', 'Username', {autocomplete: 'username', required: true,
            autocapitalize: 'none', spellcheck: 'false'});
        const password = field('password', 'Password', {type: 'password', autocomplete: 'current-password',
            required: true});
        // Needed only when the username is used in more than one organisation on this server.
        const organisation = field('organisation', 'Organisation (only if your username is used in another)',
            {autocomplete: 'organization'});
        const form = stepForm('Sign in', [username.wrap, password.wrap, organisation.wrap], async () => {
            const body = {username: username.input.value, password: password.input.value};
            if (organisation.input.value.trim()) {
                body.organisation = organisation.input.value.trim();
            }
            const answer = await api('POST', '/api/v1/auth/login', body, {anonymous: true});
            if (answer.secondFactorRequired) {
                resolve(await secondFactorStep(root, answer.challenge, password.input.value));
            } else {
                answer.typedPassword = password.input.value;
                resolve(answer);
            }
        });
        const refusal = singleSignOnRefusal();
        replaceChildren(root, page('Sign in to CareChat',
            refusal ? h('p', {class: 'error', role: 'alert', id: 'sso-refusal'}, refusal) : null,
            notice ? h('p', {class: 'notice', role: 'status'}, notice) : null,
            singleSignOnButtons(), form));
        username.input.focus();
    });
}

// Why the organisation's identity provider did not get someone in: the code the server's redirect carries.
const SSO_REFUSALS = {
    'not-in-group': 'Your account is not in a group allowed to use CareChat — ask your administrator.',
    'no-account': 'Your identity provider signed you in, but there is no CareChat account for you and your '
        + 'organisation does not create them automatically — ask your administrator.',
    'disabled': 'Your CareChat account is disabled — ask your administrator.',
    'mfa-required': 'Your organisation requires a second factor: sign in to your identity provider with it (for '
        + 'example your authenticator app), then try again.',
    'unavailable': 'Single sign-on is not available for your organisation right now — try again later, or ask '
        + 'your administrator.',
    'failed': 'The sign-in through your identity provider could not be completed (it took too long, or its answer '
        + 'did not check out). Please try again.',
};

/** The sentence for a refused single sign-on (taken off the address so a reload does not repeat it), or null. */
function singleSignOnRefusal() {
    const code = new URLSearchParams(location.search).get('sso-refused');
    if (code === null) {
        return null;
    }
    history.replaceState(null, '', location.pathname);
    return SSO_REFUSALS[code] || SSO_REFUSALS.failed;
}

/** "Sign in with …" for each organisation whose staff sign in through an identity provider (filled in when known). */
function singleSignOnButtons() {
    const list = h('div', {class: 'sso-buttons'});
    api('GET', '/api/v1/public/sso', undefined, {anonymous: true}).then(providers => {
        const several = providers.length > 1;
        replaceChildren(list, providers.map(p => h('a', {class: 'sso-button', href: p.startUrl},
            several ? `Sign in with ${p.provider} (${p.organisation})` : `Sign in with ${p.provider}`)),
        providers.length ? h('p', {class: 'sso-or'}, 'or with your CareChat username and password') : null);
    }).catch(() => {}); // the password form works without them
    return list;
}

function secondFactorStep(root, challenge, typedPassword) {
    return new Promise(resolve => {
        const code = field('code', 'Code from your authenticator app, or a recovery code',
            {autocomplete: 'one-time-code', inputmode: 'text', required: true, autocapitalize: 'none'});
        const form = stepForm('Verify', [code.wrap], async () => {
            const session = await api('POST', '/api/v1/auth/login/second-factor',
                {challenge, code: code.input.value.replace(/\s+/g, '')}, {anonymous: true});
            session.typedPassword = typedPassword;
            resolve(session);
        });
        replaceChildren(root, page('Second factor',
            h('p', {}, 'Your organisation asks for a second factor. Enter the 6-digit code your authenticator app '
                + 'shows for CareChat, or one of your recovery codes. Do it within 5 minutes of your password.'),
            form,
            h('p', {class: 'start-again'}, h('a', {href: '/'}, 'Start again with your password'))));
        code.input.focus();
    });
}

function passwordChangeStep(root, session) {
    return new Promise(resolve => {
        const current = field('current-password', 'Current (one-time) password',
            {type: 'password', autocomplete: 'current-password', required: true});
        const next = field('new-password', 'New password (at least 12 characters)',
            {type: 'password', autocomplete: 'new-password', required: true, minlength: 12});
        const again = field('new-password-again', 'New password again',
            {type: 'password', autocomplete: 'new-password', required: true});
        if (session.typedPassword) {
            current.input.value = session.typedPassword;
        }
        const form = stepForm('Save password', [current.wrap, next.wrap, again.wrap], async () => {
            if (next.input.value !== again.input.value) {
                throw new ApiError(400, 'The two new passwords differ.');
            }
            await api('POST', '/api/v1/auth/password',
                {currentPassword: current.input.value, newPassword: next.input.value});
            resolve();
        });
        replaceChildren(root, page('Choose your password',
            h('p', {}, 'You signed in with a one-time password. Choose your own before you continue.'), form));
        (session.typedPassword ? next : current).input.focus();
    });
}

async function enrolStep(root) {
    const setup = await api('POST', '/api/v1/auth/second-factor/setup', {});
    const recoveryCodes = await new Promise(resolve => {
        const code = field('enrol-code', '6-digit code from your authenticator app',
            {autocomplete: 'one-time-code', inputmode: 'numeric', required: true});
        const form = stepForm('Turn on second factor', [code.wrap], async () => {
            const confirmed = await api('POST', '/api/v1/auth/second-factor/confirm',
                {code: code.input.value.replace(/\s+/g, '')});
            resolve(confirmed.recoveryCodes || []);
        });
        replaceChildren(root, page('Set up your second factor',
            h('p', {}, 'Your organisation asks for a second factor. Add CareChat to an authenticator app with this '
                + 'key (or open the link on the phone that has the app), then enter the code it shows.'),
            h('p', {}, 'Key: ', h('code', {class: 'secret', text: setup.secret})),
            h('p', {}, h('a', {href: setup.otpauthUri, text: 'Open in authenticator app'})),
            form));
        code.input.focus();
    });
    await new Promise(resolve => {
        const done = h('button', {class: 'primary', type: 'button', onClick: resolve}, 'I have saved them');
        replaceChildren(root, page('Your recovery codes',
            h('p', {}, 'Each code signs you in once if you lose your phone. They are shown only now: print them or '
                + 'keep them in a password manager.'),
            h('ul', {class: 'recovery-codes'}, recoveryCodes.map(c => h('li', {}, h('code', {text: c})))),
            done));
        done.focus();
    });
}
