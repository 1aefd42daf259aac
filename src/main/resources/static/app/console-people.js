// The console's staff page: every staff account with role, status, last sign-in and second factor; adding one (with a
// one-time password shown once), renaming, changing the role, turning an account off and on, a new one-time
// password, clearing the second factor, ending every session, and their devices with remote wipe (console-devices.js).

import {devicesDialog} from './console-devices.js';
import {consolePage, formDialog, labelled, smallButton, statusLine, table, when, yesNo} from
    './console-ui.js';
import {api} from '../shared/api.js';
import {confirmDialog, openDialog} from '../shared/dialog.js';
import {h, replaceChildren} from '../shared/dom.js';

const ROLES = [['clinician', 'Clinician'], ['nurse', 'Nurse'], ['staff', 'Practice staff'], ['admin', 'Admin']];
const ROLE_NAMES = Object.fromEntries(ROLES);
// No 0/O, 1/l/I: read off a screen and typed by a person.
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export async function peoplePage(me) {
    const status = statusLine();
    const search = labelled('Search staff by name or username', {type: 'search', id: 'staff-search',
        autocomplete: 'off'});
    const list = h('div', {class: 'staff-list'});
    const reload = async () => {
        const q = search.input.value.trim();
        const staff = await api('GET', '/api/v1/admin/staff' + (q ? `?q=${encodeURIComponent(q)}` : ''));
        replaceChildren(list, staffTable(me, staff, status, reload));
    };
    let timer = null;
    search.input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(() => reload().catch(e => status.say(e.message, true)), 250);
    });
    const add = h('button', {type: 'button', class: 'primary', id: 'add-staff',
        onClick: () => addStaffDialog(status, reload)}, 'Add a staff member');
    await reload();
    return consolePage('Staff', h('div', {class: 'console-tools'}, search.wrap, add), status.element, list);
}

function staffTable(me, staff, status, reload) {
    if (staff.length === 0) {
        return h('p', {class: 'hint'}, 'Nobody matches.');
    }
    return table('Staff accounts', ['Name', 'Role', 'Status', 'Last sign-in', 'Second factor', 'Actions'],
        staff.map(person => [
            h('span', {class: 'person'}, h('strong', {}, person.displayName), h('span', {class: 'hint'},
                ` ${person.username}`)),
            ROLE_NAMES[person.role] || person.role,
            person.disabled ? h('span', {class: 'state off'}, 'Disabled')
                : person.mustChangePassword ? 'Active, one-time password' : 'Active',
            when(person.lastSignInAt),
            yesNo(person.secondFactor),
            actions(me, person, status, reload),
        ]), {className: 'staff-table'});
}

function actions(me, person, status, reload) {
    const done = async (work, said) => {
        try {
            await work();
            status.say(said);
            await reload();
        } catch (error) {
            status.say(error.message, true);
        }
    };
    const id = encodeURIComponent(person.id);
    const self = person.id === me.id;
    return h('div', {class: 'row-actions', dataset: {username: person.username}},
        smallButton('Edit', () => editStaffDialog(person, status, reload)),
        self ? null : smallButton(person.disabled ? 'Enable' : 'Disable', () => done(
            () => api('PATCH', `/api/v1/users/${id}`, {disabled: !person.disabled}),
            `${person.displayName} is ${person.disabled ? 'enabled' : 'disabled and signed out'}.`)),
        smallButton('Reset password', async () => {
            if (await confirmDialog('Reset password', `Give ${person.displayName} a new one-time password? Their `
                + 'sessions end, and they choose a new password at their next sign-in.', 'Reset password')) {
                try {
                    const reset = await api('POST', `/api/v1/admin/staff/${id}/password-reset`, {});
                    showOneTimePassword(person.displayName, person.username, reset.oneTimePassword);
                    await reload();
                } catch (error) {
                    status.say(error.message, true);
                }
            }
        }),
        person.secondFactor ? smallButton('Reset second factor', async () => {
            if (await confirmDialog('Reset second factor', `Clear ${person.displayName}'s second factor (a lost `
                + 'phone)? They set up a new one at their next sign-in where your organisation requires one.',
            'Reset')) {
                await done(() => api('POST', `/api/v1/users/${id}/second-factor/reset`, {}),
                    `${person.displayName}'s second factor is cleared.`);
            }
        }) : null,
        smallButton('Devices', () => devicesDialog(person)),
        smallButton('End sessions', async () => {
            if (await confirmDialog('End sessions', `Sign ${person.displayName} out of every browser and device?`,
                'End sessions')) {
                await done(() => api('POST', `/api/v1/users/${id}/sessions/end`, {}),
                    `Every session of ${person.displayName} has ended.`);
            }
        }));
}

function addStaffDialog(status, reload) {
    const name = labelled('Full name', {id: 'staff-name', maxlength: 100, autocomplete: 'off', required: true});
    const username = labelled('Username', {id: 'staff-username', maxlength: 64, autocomplete: 'off',
        autocapitalize: 'none', spellcheck: 'false', required: true},
    {hint: '3 to 64 letters, digits and . _ @ -; unique in your organisation. They sign in with it.'});
    const role = labelled('Role', {id: 'staff-role'}, {tag: 'select', options: ROLES});
    formDialog('Add a staff member', 'Add', [name.wrap, username.wrap, role.wrap], async () => {
        const password = oneTimePassword();
        const user = await api('POST', '/api/v1/users', {username: username.input.value.trim(),
            displayName: name.input.value.trim(), role: role.input.value, password, mustChangePassword: true});
        status.say(`${user.displayName} was added.`);
        await reload();
        showOneTimePassword(user.displayName, user.username, password);
    });
    name.input.focus();
}

function editStaffDialog(person, status, reload) {
    const name = labelled('Full name', {id: 'edit-staff-name', maxlength: 100, value: person.displayName});
    const role = labelled('Role', {id: 'edit-staff-role'}, {tag: 'select', options: ROLES});
    role.input.value = person.role;
    formDialog(`Edit ${person.displayName}`, 'Save', [name.wrap, role.wrap], async () => {
        await api('PATCH', `/api/v1/users/${encodeURIComponent(person.id)}`,
            {displayName: name.input.value.trim(), role: role.input.value});
        status.say(`${name.input.value.trim()} was saved.`);
        await reload();
    });
}

/** Shows a one-time password once: the admin hands it over; it is never shown again. */
function showOneTimePassword(displayName, username, password) {
    const done = h('button', {type: 'button', class: 'primary', onClick: () => handle.close()}, 'Done');
    const handle = openDialog({title: 'One-time password', className: 'wide', content: [
        h('p', {}, `Give ${displayName} (username `, h('strong', {}, username), ') this one-time password. It is '
            + 'shown only now, works for 72 hours, and they choose their own password when they sign in with it.'),
        h('p', {class: 'one-time-password'}, h('code', {text: password})),
        h('div', {class: 'dialog-actions'}, done)]});
    done.focus();
}

/** 20 random characters in groups of five, from the browser's cryptographic generator (no modulo bias). */
function oneTimePassword() {
    const limit = 256 - (256 % PASSWORD_ALPHABET.length);
    const chars = [];
    while (chars.length < 20) {
        for (const b of crypto.getRandomValues(new Uint8Array(32))) {
            if (b < limit && chars.length < 20) {
                chars.push(PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]);
            }
        }
    }
    return chars.join('').match(/.{5}/g).join('-');
}
