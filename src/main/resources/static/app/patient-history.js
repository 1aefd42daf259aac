// A patient's conversation history (#/patients/<id>/history): every conversation linked to the record that the
// signed-in member of staff may see, most recently active first, narrowed to one audience if they choose. Reached from
// the patient's profile and, after an EHR launch, straight from the patient's chart. Listing it is audited by the
// server as a read of the patient's history.

import {consolePage, labelled, statusLine} from './console-ui.js';
import {api} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {listTime, plural} from '../shared/format.js';
import {conversationTitle} from '../shared/inbox-model.js';

const AUDIENCES = [['', 'Every audience'], ['staff', 'Staff only'], ['patient', 'With the patient'],
    ['mixed', 'Staff and patients']];
const AUDIENCE_LABELS = {staff: 'Staff only', patient: 'With the patient', mixed: 'Staff and patients'};

export async function patientHistoryPage(patientId) {
    const patient = await api('GET', `/api/v1/patients/${encodeURIComponent(patientId)}`);
    const status = statusLine();
    const list = h('ul', {class: 'history-list', 'aria-label': 'Conversations'});
    const audience = labelled('Audience', {id: 'history-audience'}, {tag: 'select', options: AUDIENCES});
    const load = async () => {
        const query = new URLSearchParams({patientId});
        if (audience.input.value) {
            query.set('audience', audience.input.value);
        }
        try {
            const inbox = await api('GET', `/api/v1/inbox?${query}`);
            replaceChildren(list, inbox.conversations.map(historyRow));
            status.say(inbox.conversations.length === 0
                ? 'No conversations about this patient that you can see.'
                : plural(inbox.conversations.length, 'conversation', 'conversations'));
        } catch (error) {
            status.say(error.message, true);
        }
    };
    audience.input.addEventListener('change', load);
    await load();
    return h('div', {class: 'account patient-history'},
        consolePage(`Conversations about ${patient.givenName} ${patient.familyName}`,
            h('p', {class: 'history-patient'}, `Patient ID ${patient.mrn} · born ${patient.birthDate}`),
            h('div', {class: 'console-tools'}, audience.wrap),
            status.element, list));
}

function historyRow(item) {
    const c = item.conversation;
    const last = item.lastMessage;
    return h('li', {class: 'history-item'},
        h('a', {href: `#/c/${encodeURIComponent(c.id)}`},
            h('span', {class: 'history-title'}, conversationTitle(c, item.patient, item.with)),
            h('span', {class: 'history-meta'},
                `${AUDIENCE_LABELS[c.audience]} · ${plural(item.messageCount, 'message', 'messages')} · `
                + listTime(c.lastActivityAt)),
            last?.preview ? h('span', {class: 'history-preview'}, last.preview) : null));
}
