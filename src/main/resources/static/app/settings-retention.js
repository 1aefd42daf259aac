// Settings: retention — how many days conversations are kept after their last activity, per audience, and how long
// after a patient's discharge. What "purged" means is in docs/retention.md; legal holds are the next section.

import {actionForm, labelled, statusLine} from './console-ui.js';
import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';

const PERIODS = [
    ['staffDays', 'Staff-only conversations: days kept after the last activity', 1, 3650],
    ['patientDays', 'Conversations with a patient: days kept after the last activity', 1, 3650],
    ['mixedDays', 'Conversations of staff and patients: days kept after the last activity', 1, 3650],
    ['contactRequestDays', 'Contact requests from the public: days kept', 1, 3650],
    ['dischargeGraceDays', 'After a patient\'s discharge: days their ward conversations are kept', 0, 365],
];

function fieldId(name) {
    return `retention-${name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}`;
}

export const retentionSection = {
    id: 'retention',
    title: 'Retention',
    async render() {
        const org = await api('GET', '/api/v1/orgs/current');
        const status = statusLine();
        const fields = PERIODS.map(([name, label, min, max]) => ({name, ...labelled(label,
            {id: fieldId(name), type: 'number', min, max, step: 1, value: org.retention[name]})}));
        const note = h('p', {class: 'hint'}, 'When a period ends the conversation is purged: its messages and files '
            + 'are removed for good, unreadable even in backups, and a note says when. Held conversations are kept.');
        return h('div', {}, note, actionForm('Save', fields.map(f => f.wrap), async () => {
            const retention = Object.fromEntries(fields.map(f => [f.name,
                f.input.value.trim() === '' ? null : Number(f.input.value)]));
            await api('PATCH', '/api/v1/orgs/current', {retention});
            status.say('Saved. The new periods are in force now.');
        }), status.element);
    },
};
