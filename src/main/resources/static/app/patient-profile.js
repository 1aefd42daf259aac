// The patient profile: a read-only summary of the record, reached from the list and from the thread header, with the
// way to the patient's conversation history. Opening it is a read of clinical data, audited by the server.

import {api} from '../shared/api.js';
import {openDialog} from '../shared/dialog.js';
import {h} from '../shared/dom.js';

export async function showPatientProfile(patientId) {
    const handle = openDialog({title: 'Patient profile', content: h('p', {role: 'status'}, 'Loading…')});
    try {
        const p = await api('GET', `/api/v1/patients/${encodeURIComponent(patientId)}`);
        const row = (label, value) => [h('dt', {}, label), h('dd', {}, value || '—')];
        handle.dialog.querySelector('[role="status"]').replaceWith(h('dl', {class: 'profile'},
            row('Name', `${p.givenName} ${p.familyName}`),
            row('Patient ID', p.mrn),
            row('Date of birth', p.birthDate),
            row('Mobile', p.mobile),
            row('E-mail', p.email)),
        h('p', {class: 'profile-actions'}, h('a', {class: 'button secondary history-link',
            href: `#/patients/${encodeURIComponent(patientId)}/history`, onClick: () => handle.close()},
        'Conversation history')));
    } catch (error) {
        handle.error(error.message);
    }
    return handle;
}
