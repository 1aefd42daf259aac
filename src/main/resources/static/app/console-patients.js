// The console's patients page: find a record by name, patient id, mobile number or e-mail address; add one; correct
// one; see whether the patient registered and the notices they were sent; import a CSV file after a check that names
// every bad line before anything is written; export, discharge or erase a patient (console-patient-rights.js).

import {dischargeButton, eraseButton, exportLink} from './console-patient-rights.js';
import {consolePage, formDialog, labelled, panel, smallButton, statusLine, table, when, yesNo} from './console-ui.js';
import {peopleSearch} from './people-search.js';
import {api} from '../shared/api.js';
import {confirmDialog, openDialog} from '../shared/dialog.js';
import {h, replaceChildren} from '../shared/dom.js';
import {plural} from '../shared/format.js';

export async function patientsPage() {
    const status = statusLine();
    const results = h('div', {class: 'patient-results'});
    const search = labelled('Find a patient by name, patient ID, mobile number or e-mail',
        {type: 'search', id: 'patient-search', autocomplete: 'off'}, {hint: 'At least 3 characters, then Enter.'});
    const find = async () => {
        const q = search.input.value.trim();
        if (q.length < 3) {
            replaceChildren(results);
            return;
        }
        const found = await api('POST', '/api/v1/patients/search', {q});
        replaceChildren(results, found.length === 0 ? h('p', {class: 'hint'}, 'No patient matches.')
            : patientTable(found, status, find));
    };
    const searchForm = h('form', {class: 'console-search', role: 'search', onSubmit: event => {
        event.preventDefault();
        find().catch(error => status.say(error.message, true));
    }}, search.wrap, h('button', {type: 'submit', class: 'secondary'}, 'Search'));
    const add = h('button', {type: 'button', class: 'primary', id: 'add-patient',
        onClick: () => patientDialog(null, status, find)}, 'Add a patient');
    return consolePage('Patients',
        h('div', {class: 'console-tools'}, searchForm, add), status.element, results, importPanel());
}

function patientTable(patients, status, refresh) {
    return table('Patients found', ['Name', 'Patient ID', 'Born', 'Mobile', 'E-mail', 'Actions'],
        patients.map(p => [`${p.givenName} ${p.familyName}`, p.mrn, p.birthDate, p.mobile || '—', p.email || '—',
            h('div', {class: 'row-actions'},
                smallButton('Edit', () => patientDialog(p, status, refresh)),
                smallButton('Account and notices', () => accountDialog(p)),
                exportLink(p), dischargeButton(p, status), eraseButton(p, status, refresh))]));
}

/** Adds a record (`patient` null) or corrects one: every field is sent and checked as for a new record. */
function patientDialog(patient, status, refresh) {
    const value = key => (patient && patient[key]) || '';
    const given = labelled('Given name', {id: 'patient-given', maxlength: 100, value: value('givenName')});
    const family = labelled('Family name', {id: 'patient-family', maxlength: 100, value: value('familyName')});
    const mrn = labelled('Patient ID', {id: 'patient-mrn', maxlength: 64, value: value('mrn')});
    const born = labelled('Date of birth', {id: 'patient-birth', type: 'date', value: value('birthDate')});
    const mobile = labelled('Mobile number', {id: 'patient-mobile', type: 'tel', maxlength: 32,
        value: value('mobile')}, {hint: 'With the country code, e.g. +447412900123. Codes and notices go to it.'});
    const email = labelled('E-mail address', {id: 'patient-email', type: 'email', maxlength: 254,
        value: value('email')});
    formDialog(patient ? 'Edit patient' : 'Add a patient', patient ? 'Save' : 'Add',
        [given.wrap, family.wrap, mrn.wrap, born.wrap, mobile.wrap, email.wrap], async () => {
            const body = {mrn: mrn.input.value.trim(), givenName: given.input.value.trim(),
                familyName: family.input.value.trim(), birthDate: born.input.value,
                mobile: mobile.input.value.trim() || null, email: email.input.value.trim() || null};
            const saved = patient
                ? await api('PUT', `/api/v1/patients/${encodeURIComponent(patient.id)}`, body)
                : await api('POST', '/api/v1/patients', body);
            status.say(`${saved.givenName} ${saved.familyName} was ${patient ? 'saved' : 'added'}.`);
            await refresh().catch(() => {});
        });
    given.input.focus();
}

async function accountDialog(patient) {
    const handle = openDialog({title: `${patient.givenName} ${patient.familyName}: account and notices`,
        className: 'wide', content: h('div', {class: 'account-body'}, h('p', {role: 'status'}, 'Loading…'))});
    const path = `/api/v1/admin/patients/${encodeURIComponent(patient.id)}/account`;
    const show = account => {
        const facts = h('dl', {class: 'profile'},
            h('dt', {}, 'Registered'), h('dd', {}, account.registered ? `yes, on ${when(account.registeredAt)}`
                : 'not yet: they register in the patient app with the mobile or e-mail in this record'),
            account.registered ? [h('dt', {}, 'Last sign-in'), h('dd', {}, when(account.lastSignInAt)),
                h('dt', {}, 'Account'), h('dd', {}, yesNo(!account.disabled, 'active', 'disabled'))] : null);
        const notices = account.notices.length === 0 ? h('p', {class: 'hint'}, 'No notices sent yet.')
            : table('Notices of unread messages', ['Day', 'Outcome', 'By', 'Sent', 'Delivery'],
                account.notices.map(n => [n.day, n.status, n.channel || '—', when(n.sentAt, '—'),
                    n.deliveryStatus || '—']));
        replaceChildren(handle.dialog.querySelector('.account-body'), facts,
            account.registered ? null : linkPart(patient, path, show, handle), h('h3', {}, 'Notices'), notices);
    };
    try {
        show(await api('GET', path));
    } catch (error) {
        handle.error(error.message);
    }
}

/** A duplicate record: link it to the account the same patient already has through their other record. */
function linkPart(patient, path, show, handle) {
    const search = peopleSearch({id: 'link-record-search', kind: 'patient',
        label: 'Same patient, other record: link this record to its account',
        exclude: () => [patient.id],
        onPick: async other => {
            try {
                const theirs = await api('GET', `/api/v1/admin/patients/${encodeURIComponent(other.id)}/account`);
                if (!theirs.registered) {
                    handle.error(`${other.label} has no account either: the patient has not registered yet.`);
                    return;
                }
                const sure = await confirmDialog('Link to account', `Link this record to the account of `
                    + `${other.label} (${other.detail})? Only do it if both records are the same person: the account `
                    + 'will see this record\'s patient conversations.', 'Link');
                if (sure) {
                    show(await api('POST', path, {accountId: theirs.accountId}));
                    handle.error('');
                }
            } catch (error) {
                handle.error(error.message);
            }
        }});
    return h('div', {class: 'link-account'}, search.element);
}

/** CSV import: choose a file, see its rows and every bad line, then import it (all rows or none). */
function importPanel() {
    const file = labelled('Patient CSV file', {id: 'import-file', type: 'file', accept: '.csv,text/csv'},
        {hint: 'Header: mrn,given_name,family_name,birth_date,mobile,email (any order; mobile and e-mail may be '
            + 'empty; dates as YYYY-MM-DD).'});
    const outcome = h('div', {class: 'import-outcome', role: 'status', 'aria-live': 'polite'});
    const importButton = h('button', {type: 'button', class: 'primary', id: 'import-confirm', hidden: true},
        'Import');
    let text = null;
    const check = async () => {
        importButton.hidden = true;
        text = null;
        const chosen = file.input.files[0];
        if (!chosen) {
            replaceChildren(outcome);
            return;
        }
        const content = await chosen.text();
        try {
            const result = await api('POST', '/api/v1/patients/import/check', content, {contentType: 'text/csv'});
            if (result.problems.length > 0) {
                replaceChildren(outcome,
                    h('p', {class: 'error'}, `Nothing can be imported yet: ${plural(result.problems.length,
                        'line is', 'lines are')} bad. Correct the file and choose it again.`),
                    h('ul', {class: 'import-problems'}, result.problems.map(p =>
                        h('li', {}, `Line ${p.line}: ${p.problem}`))));
                return;
            }
            text = content;
            replaceChildren(outcome, h('p', {class: 'notice'},
                `${plural(result.rows, 'patient', 'patients')} ready to import. Nothing is written until you import.`));
            importButton.textContent = `Import ${plural(result.rows, 'patient', 'patients')}`;
            importButton.hidden = false;
        } catch (error) {
            replaceChildren(outcome, h('p', {class: 'error'}, error.message));
        }
    };
    file.input.addEventListener('change', () => check());
    importButton.addEventListener('click', async () => {
        importButton.disabled = true;
        try {
            const result = await api('POST', '/api/v1/patients/import', text, {contentType: 'text/csv'});
            replaceChildren(outcome, h('p', {class: 'notice'}, `${plural(result.imported, 'patient was',
                'patients were')} imported.`));
            importButton.hidden = true;
            file.input.value = '';
        } catch (error) {
            replaceChildren(outcome, h('p', {class: 'error'}, error.message));
        } finally {
            importButton.disabled = false;
        }
    });
    return panel('Import patients from a CSV file', file.wrap, outcome, importButton);
}
