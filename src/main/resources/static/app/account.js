// Account settings, for every staff member (#/account): their password (changing it ends their other sessions), a
// second factor set up with a QR code and recovery codes, their sessions and devices (each can be ended), the mobile
// number for urgent SMS nudges, their notification preferences and their alert settings (alert-settings.js).

import {actionForm, consolePage, labelled, panel, smallButton, statusLine, table, when, yesNo} from
    './console-ui.js';
import {alertSettingsPanel} from './alert-settings.js';
import {qrCode} from './qr-code.js';
import {api, ApiError} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';

export async function accountPage(me, {onPreferences = () => {}, onAlertSettings = () => {}} = {}) {
    const [secondFactor, sessions, mobile, preferences, alerts] = await Promise.all([
        api('GET', '/api/v1/auth/second-factor'), api('GET', '/api/v1/auth/tokens'),
        api('GET', '/api/v1/urgent/mobile'), api('GET', '/api/v1/account/preferences'),
        alertSettingsPanel(onAlertSettings)]);
    return h('div', {class: 'account'}, consolePage(`Your account, ${me.displayName}`,
        passwordPanel(), secondFactorPanel(secondFactor), sessionsPanel(sessions), mobilePanel(mobile),
        preferencesPanel(preferences, onPreferences), alerts));
}

function passwordPanel() {
    const status = statusLine();
    const current = labelled('Current password', {id: 'account-current-password', type: 'password',
        autocomplete: 'current-password'});
    const next = labelled('New password (at least 12 characters)', {id: 'account-new-password', type: 'password',
        autocomplete: 'new-password', minlength: 12});
    const again = labelled('New password again', {id: 'account-new-password-again', type: 'password',
        autocomplete: 'new-password'});
    const form = actionForm('Change password', [current.wrap, next.wrap, again.wrap], async () => {
        if (next.input.value !== again.input.value) {
            throw new ApiError(400, 'The two new passwords differ.');
        }
        await api('POST', '/api/v1/auth/password',
            {currentPassword: current.input.value, newPassword: next.input.value});
        [current, next, again].forEach(f => {
            f.input.value = '';
        });
        status.say('Your password is changed. Every other session and device of yours was signed out.');
    });
    return panel('Password', form, status.element);
}

function secondFactorPanel(state) {
    const body = h('div', {class: 'second-factor'});
    const show = enrolled => {
        if (enrolled) {
            const status = statusLine();
            const code = labelled('A current code, or a recovery code', {id: 'remove-code',
                autocomplete: 'one-time-code'});
            replaceChildren(body, h('p', {}, 'You sign in with a code from your authenticator app: ', yesNo(true)),
                state.required ? h('p', {class: 'hint'}, 'Your organisation requires it, so it cannot be removed. '
                    + 'If you lose your phone, an admin can reset it.')
                    : actionForm('Remove second factor', [code.wrap], async () => {
                        await api('POST', '/api/v1/auth/second-factor/remove',
                            {code: code.input.value.replace(/\s+/g, '')});
                        show(false);
                    }), status.element);
        } else {
            const start = h('button', {type: 'button', class: 'primary', id: 'start-second-factor'},
                'Set up a second factor');
            start.addEventListener('click', () => enrol(body, () => show(true)).catch(error => {
                replaceChildren(body, h('p', {class: 'error', role: 'alert'}, error.message));
            }));
            replaceChildren(body, h('p', {}, 'A second factor asks for a code from an authenticator app on your '
                + 'phone after your password: a stolen password alone no longer signs anyone in.'), start);
        }
    };
    show(state.enrolled);
    return panel('Second factor', body);
}

async function enrol(body, done) {
    const setup = await api('POST', '/api/v1/auth/second-factor/setup', {});
    const code = labelled('6-digit code from your authenticator app', {id: 'account-enrol-code',
        autocomplete: 'one-time-code', inputmode: 'numeric'});
    const form = actionForm('Turn on second factor', [code.wrap], async () => {
        const confirmed = await api('POST', '/api/v1/auth/second-factor/confirm',
            {code: code.input.value.replace(/\s+/g, '')});
        const saved = h('button', {type: 'button', class: 'primary', onClick: done}, 'I have saved them');
        replaceChildren(body, h('p', {class: 'notice'}, 'Your second factor is on.'),
            h('p', {}, 'Each recovery code signs you in once if you lose your phone. They are shown only now: print '
                + 'them or keep them in a password manager.'),
            h('ul', {class: 'recovery-codes'}, confirmed.recoveryCodes.map(c => h('li', {}, h('code', {text: c})))),
            saved);
        saved.focus();
    });
    replaceChildren(body,
        h('p', {}, 'Scan this code with your authenticator app (or type the key), then enter the code it shows.'),
        qrCode(setup.qrCode, 'QR code of your second factor\'s key for an authenticator app'),
        h('p', {}, 'Key: ', h('code', {class: 'secret', text: setup.secret})),
        form);
    code.input.focus();
}

function sessionsPanel(sessions) {
    const status = statusLine();
    const list = h('div', {});
    const show = rows => replaceChildren(list, table('Your sessions and devices',
        ['Where', 'Signed in', 'Last used', ''],
        rows.map(s => [String(s.kind).toLowerCase() === 'session' ? 'Browser session' : `Device: ${s.name || 'unnamed'}`,
            when(s.createdAt), when(s.lastUsedAt),
            s.current ? h('strong', {class: 'this-session'}, 'This browser')
                : smallButton('End', () => end(s))]), {className: 'sessions-table'}));
    const reload = async () => show(await api('GET', '/api/v1/auth/tokens'));
    const end = async session => {
        try {
            await api('DELETE', `/api/v1/auth/tokens/${encodeURIComponent(session.id)}`);
            status.say('That session has ended; its browser or device is signed out.');
            await reload();
        } catch (error) {
            status.say(error.message, true);
        }
    };
    const endOthers = smallButton('End every other session', async () => {
        const others = (await api('GET', '/api/v1/auth/tokens')).filter(s => !s.current);
        for (const s of others) {
            await api('DELETE', `/api/v1/auth/tokens/${encodeURIComponent(s.id)}`);
        }
        status.say(others.length ? 'Every other session and device is signed out.' : 'There was no other session.');
        await reload();
    });
    show(sessions);
    return panel('Sessions and devices', list, endOthers, status.element);
}

function mobilePanel(mobile) {
    const status = statusLine();
    const number = labelled('Your mobile number', {id: 'account-mobile', type: 'tel', maxlength: 40,
        value: mobile.mobile || '', autocomplete: 'tel'},
    {hint: 'An urgent message you leave unacknowledged texts this number once. Leave it empty for none.'});
    return panel('Mobile for urgent messages', actionForm('Save number', [number.wrap], async () => {
        const value = number.input.value.trim();
        await api('PUT', '/api/v1/urgent/mobile', {mobile: value || null});
        const saved = await api('GET', '/api/v1/urgent/mobile');
        number.input.value = saved.mobile || '';
        status.say(saved.mobile ? `Saved as ${saved.mobile}.` : 'Removed: no SMS nudges.');
    }), status.element);
}

function preferencesPanel(preferences, onPreferences) {
    const status = statusLine();
    const alerts = labelled('Alert me to new messages in the app (a notice and a tone)',
        {id: 'pref-message-alerts', type: 'checkbox', checked: preferences.messageAlerts});
    const sms = labelled('Text my mobile when an urgent message to me is left unacknowledged',
        {id: 'pref-urgent-sms', type: 'checkbox', checked: preferences.urgentSms});
    return panel('Notifications', actionForm('Save preferences', [alerts.wrap, sms.wrap], async () => {
        const saved = await api('PUT', '/api/v1/account/preferences',
            {messageAlerts: alerts.input.checked, urgentSms: sms.input.checked});
        onPreferences(saved);
        status.say('Saved.');
    }), status.element);
}
