// A patient's rights and stay on the console's patients page (docs/retention.md): export everything held about them
// (a zip of JSON, a PDF and their files), record their discharge, and erase them after a confirmation that names them.

import {formDialog, labelled, smallButton} from './console-ui.js';
import {api} from '../shared/api.js';
import {confirmDialog} from '../shared/dialog.js';
import {h} from '../shared/dom.js';
import {plural} from '../shared/format.js';

const patientPath = patient => `/api/v1/patients/${encodeURIComponent(patient.id)}`;
const nameOf = patient => `${patient.givenName} ${patient.familyName}`;

/** The export as a download link: the browser saves the zip the server answers (the admin's session cookie). */
export function exportLink(patient) {
    return h('a', {class: 'button secondary small', href: `${patientPath(patient)}/export`,
        download: `carechat-patient-${patient.id}.zip`, 'data-action': 'export-patient'}, 'Export');
}

/** Discharge: the conversations linked to the record close now and are purged after the grace period. */
export function dischargeButton(patient, status) {
    return smallButton('Discharge', async () => {
        const sure = await confirmDialog('Discharge', `Discharge ${nameOf(patient)}? Their ward conversations close `
            + 'to new messages now and are purged after your organisation\'s discharge grace period, unless held.',
        'Discharge');
        if (!sure) {
            return;
        }
        try {
            const done = await api('POST', `${patientPath(patient)}/discharge`);
            status.say(`${nameOf(patient)} was discharged: ${plural(done.conversationIds.length, 'conversation',
                'conversations')} closed.`);
        } catch (error) {
            status.say(error.message, true);
        }
    });
}

/** Erase, after a confirmation naming the patient and the request's reference; a hold's refusal is shown in it. */
export function eraseButton(patient, status, refresh) {
    return smallButton('Erase', () => {
        const reason = labelled('Erasure request reference', {id: 'erase-reason', maxlength: 500},
            {hint: 'Kept in the audit trail, e.g. the request number and how their identity was checked.'});
        const warning = h('p', {class: 'error', id: 'erase-warning'}, `Erase ${nameOf(patient)} (patient ID `
            + `${patient.mrn})? Their name, date of birth and contacts are removed, their account is closed, and the `
            + 'conversations that were theirs alone are destroyed for good. This cannot be undone.');
        formDialog(`Erase ${nameOf(patient)}`, `Erase ${nameOf(patient)}`, [warning, reason.wrap], async () => {
            const done = await api('POST', `${patientPath(patient)}/erase`, {reason: reason.input.value.trim()});
            status.say(`${nameOf(patient)} was erased: ${plural(done.shreddedConversationIds.length,
                'conversation', 'conversations')} destroyed.`);
            await refresh().catch(() => {});
        });
        reason.input.focus();
    }, 'danger');
}
