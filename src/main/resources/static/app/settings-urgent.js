// Settings: urgent messages — how often an unacknowledged one sounds again, when it escalates, and to whom.

import {actionForm, labelled, statusLine} from './console-ui.js';
import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';

export const urgentSection = {
    id: 'urgent',
    title: 'Urgent messages',
    async render() {
        const [rules, staff] = await Promise.all([api('GET', '/api/v1/urgent/settings'),
            api('GET', '/api/v1/users?limit=500')]);
        const status = statusLine();
        const repeat = labelled('Sound again every (minutes)', {id: 'urgent-repeat', type: 'number', min: 1,
            max: 60, value: rules.repeatEveryMinutes});
        const escalate = labelled('Escalate when not acknowledged after (minutes)', {id: 'urgent-escalate',
            type: 'number', min: 1, max: 240, value: rules.escalateAfterMinutes});
        const contact = labelled('Escalate to', {id: 'urgent-contact'}, {tag: 'select',
            options: [['', 'Nobody besides the colleagues the recipient forwards to'],
                ...staff.filter(u => !u.disabled).map(u => [u.id, u.displayName])]});
        contact.input.value = rules.escalationContactId || '';
        return h('div', {}, actionForm('Save', [repeat.wrap, escalate.wrap, contact.wrap], async () => {
            await api('PUT', '/api/v1/urgent/settings', {repeatEveryMinutes: Number(repeat.input.value),
                escalateAfterMinutes: Number(escalate.input.value),
                escalationContactId: contact.input.value || null});
            status.say('Saved. Urgent messages sent from now on follow these rules.');
        }), status.element);
    },
};
