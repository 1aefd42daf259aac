// Settings: what patients see of the practice — its name, the "not for emergencies" sentence and how soon it usually
// replies, in their app.

import {actionForm, labelled, statusLine} from './console-ui.js';
import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';

export const practiceSection = {
    id: 'practice',
    title: 'The practice, as patients see it',
    async render() {
        const org = await api('GET', '/api/v1/orgs/current');
        const status = statusLine();
        const name = labelled('Practice name', {id: 'org-name', maxlength: 200, value: org.name},
            {hint: 'Shown in the patient app and in the notices patients get.'});
        const notice = labelled('"Not for emergencies" text shown to patients', {id: 'org-emergency-notice',
            maxlength: 500, rows: 3}, {tag: 'textarea', hint: 'Leave it empty for CareChat\'s own sentence.'});
        notice.input.value = org.emergencyNotice;
        const reply = labelled('Expected reply time shown to patients', {id: 'org-expected-reply', maxlength: 200,
            value: org.expectedReply ?? '', placeholder: 'We usually reply within 2 working days.'},
        {hint: 'One sentence, shown beside the "not for emergencies" text. Leave it empty to say nothing.'});
        return h('div', {}, actionForm('Save', [name.wrap, notice.wrap, reply.wrap], async () => {
            await api('PATCH', '/api/v1/orgs/current', {name: name.input.value.trim(),
                emergencyNotice: notice.input.value.trim(), expectedReply: reply.input.value.trim()});
            status.say('Saved. Patients see it the next time their app opens.');
        }), status.element);
    },
};
