// The account page's alert settings (stored with the account, so they follow the person): whether alerts sound,
// which messages are pushed to a closed app or a locked phone, and quiet hours — which never hold back urgent ones.

import {actionForm, labelled, panel, statusLine} from './console-ui.js';
import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';

/** @param onSaved (settings) => void, after a save: the app's alerts follow the sound setting at once */
export async function alertSettingsPanel(onSaved = () => {}) {
    const settings = await api('GET', '/api/v1/push/settings');
    const status = statusLine();
    const sound = labelled('Play a sound with alerts', {id: 'alert-sound', type: 'checkbox', checked: settings.sound});
    const scope = labelled('Push to this and my other devices', {id: 'alert-scope'}, {tag: 'select', options: [
        ['all', 'Every new message'], ['urgent_and_direct', 'Only urgent messages and direct messages']]});
    scope.input.value = settings.push;
    const quiet = settings.quietHours;
    const quietOn = labelled('Quiet hours (urgent messages still alert)', {id: 'alert-quiet', type: 'checkbox',
        checked: Boolean(quiet)});
    const from = labelled('From', {id: 'alert-quiet-from', type: 'time', value: clock(quiet ? quiet.from : 1320)});
    const to = labelled('To', {id: 'alert-quiet-to', type: 'time', value: clock(quiet ? quiet.to : 420)});
    const times = h('div', {class: 'quiet-hours'}, from.wrap, to.wrap);
    const showTimes = () => {
        times.hidden = !quietOn.input.checked;
    };
    quietOn.input.addEventListener('change', showTimes);
    showTimes();
    const form = actionForm('Save alert settings', [sound.wrap, scope.wrap, quietOn.wrap, times], async () => {
        const saved = await api('PUT', '/api/v1/push/settings', {
            sound: sound.input.checked,
            push: scope.input.value,
            quietHours: quietOn.input.checked ? {from: minutes(from.input.value), to: minutes(to.input.value),
                zone: Intl.DateTimeFormat().resolvedOptions().timeZone} : null,
        });
        onSaved(saved);
        status.say(saved.quietHours ? 'Saved. Quiet hours hold back all but urgent messages.' : 'Saved.');
    });
    return panel('Alerts', form, status.element);
}

function clock(minutesOfDay) {
    const pad = n => String(n).padStart(2, '0');
    return `${pad(Math.floor(minutesOfDay / 60))}:${pad(minutesOfDay % 60)}`;
}

function minutes(hhmm) {
    const [hours, mins] = String(hhmm || '00:00').split(':').map(Number);
    return hours * 60 + mins;
}
