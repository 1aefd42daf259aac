// A staff member's devices on the console's staff page (docs/security.md, remote wipe): each browser session and
// device token, whether it is active, marked for wiping and not seen since, or came back and was wiped; wipe one
// (a lost device) or all (they left).

import {smallButton, table, when} from './console-ui.js';
import {api} from '../shared/api.js';
import {confirmDialog, openDialog} from '../shared/dialog.js';
import {h, replaceChildren} from '../shared/dom.js';

const STATES = {
    active: 'active',
    wipe_pending: 'wipe pending: not seen since',
    wiped: 'wiped',
};

/** Opens the dialog of `person`'s devices. */
export async function devicesDialog(person) {
    const body = h('div', {class: 'devices-body'}, h('p', {role: 'status'}, 'Loading…'));
    const handle = openDialog({title: `${person.displayName}: devices`, className: 'wide', content: body});
    const path = `/api/v1/users/${encodeURIComponent(person.id)}`;
    const wipe = async (tokenId, question) => {
        if (await confirmDialog('Wipe', question, 'Wipe')) {
            try {
                show(await api('POST', `${path}/wipe`, tokenId ? {tokenId} : {}));
            } catch (error) {
                handle.error(error.message);
            }
        }
    };
    const show = devices => {
        const rows = devices.map(d => [d.name || (d.kind === 'session' ? 'browser session' : 'device token'),
            h('span', {class: `device-state ${d.state}`}, STATES[d.state] ?? d.state), when(d.lastUsedAt),
            d.wipedAt ? `wiped ${when(d.wipedAt)}` : d.wipeRequestedAt ? `marked ${when(d.wipeRequestedAt)}` : '—',
            d.state === 'active' ? smallButton('Wipe', () => wipe(d.tokenId, `Wipe this device of `
                + `${person.displayName}? It is signed out now, and the next time it reaches CareChat the browser `
                + 'deletes what it holds.'), 'danger') : null]);
        replaceChildren(body,
            devices.length === 0 ? h('p', {class: 'hint'}, 'No devices.')
                : table('Devices', ['Device', 'State', 'Last used', 'Wipe', 'Actions'], rows),
            h('div', {class: 'dialog-actions'}, smallButton('Wipe all devices (they left)', () => wipe(null,
                `Wipe every device of ${person.displayName}? Each is signed out now and cleared when it next reaches `
                + 'CareChat.'), 'danger')));
    };
    try {
        show(await api('GET', `${path}/devices`));
    } catch (error) {
        handle.error(error.message);
    }
}
