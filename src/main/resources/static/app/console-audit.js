// The console's audit trail: search by who acted, which patient or conversation, what kind of event and when; the
// details of a row; the same search exported as CSV or JSON; and "Verify the chain", answered in words.

import {consolePage, labelled, panel, smallButton, statusLine, table, when} from './console-ui.js';
import {chosenList, peopleSearch} from './people-search.js';
import {api} from '../shared/api.js';
import {openDialog} from '../shared/dialog.js';
import {h, replaceChildren} from '../shared/dom.js';
import {number, plural} from '../shared/format.js';

// The server's audit types (audit/AuditType.java), grouped as it groups them.
const TYPES = ['SIGN_IN', 'SIGN_OUT', 'ACCOUNT_LOCKED', 'TOKEN_CREATED', 'TOKEN_REVOKED', 'SECOND_FACTOR_CHALLENGED',
    'SECOND_FACTOR_ENROLLED', 'SECOND_FACTOR_REMOVED', 'ORG_CREATED', 'SETTINGS_CHANGED', 'USER_CREATED',
    'USER_UPDATED', 'PREFERENCES_CHANGED', 'PATIENT_CREATED', 'PATIENT_UPDATED', 'PATIENTS_IMPORTED',
    'PATIENTS_IMPORT_CHECKED', 'PATIENT_VIEWED', 'PATIENTS_SEARCHED', 'CONVERSATION_CREATED', 'CONVERSATION_UPDATED',
    'CONVERSATION_OPENED', 'CONVERSATIONS_LISTED', 'CONVERSATION_MUTED', 'MEMBER_ADDED', 'MEMBER_REMOVED', 'TEAM_CREATED',
    'TEAM_MEMBER_ADDED', 'TEAM_MEMBER_REMOVED', 'MESSAGE_SENT', 'MESSAGE_DELIVERED', 'MESSAGE_READ',
    'MESSAGE_DELETED', 'MESSAGE_FORWARDED', 'ATTACHMENT_UPLOADED', 'ATTACHMENT_OPENED', 'ATTACHMENT_DISCARDED',
    'ACCESS_DENIED', 'AUDIT_SEARCHED', 'AUDIT_EXPORTED', 'AUDIT_VERIFIED', 'CONSOLE_VIEWED', 'KEY_ROTATED',
    'ONE_TIME_CODE_REQUESTED', 'PATIENT_REGISTERED', 'PATIENT_NOTICE_SENT', 'SMS_DELIVERY_REPORTED',
    'AVAILABILITY_CHANGED', 'AVAILABILITY_LAPSED', 'URGENT_RAISED', 'URGENT_ACKNOWLEDGED', 'URGENT_ESCALATED',
    'URGENT_NUDGE_SENT', 'URGENT_SETTINGS_CHANGED', 'URGENT_REPORT_VIEWED'];

export async function auditPage() {
    const staff = await api('GET', '/api/v1/users?limit=500');
    const names = new Map(staff.map(u => [u.id, u.displayName]));
    const status = statusLine();
    const user = labelled('Who acted', {id: 'audit-user'}, {tag: 'select',
        options: [['', 'Anyone'], ...staff.map(u => [u.id, u.displayName])]});
    let patientId = null;
    const patientChosen = chosenList('Patient searched for', () => {
        patientId = null;
    });
    const patient = peopleSearch({id: 'audit-patient', kind: 'patient', label: 'About the patient',
        onPick: result => {
            patientId = result.id;
            patientChosen.clear();
            patientChosen.add(result);
        }});
    const conversation = labelled('Conversation ID', {id: 'audit-conversation', maxlength: 64, autocomplete: 'off'});
    const type = labelled('Type', {id: 'audit-type'}, {tag: 'select', options: [['', 'Any'],
        ...TYPES.map(t => [t, t.toLowerCase().replaceAll('_', ' ')])]});
    const from = labelled('From', {id: 'audit-from', type: 'datetime-local'});
    const to = labelled('Until', {id: 'audit-to', type: 'datetime-local'});
    const results = h('div', {class: 'audit-results'});
    const exports = h('p', {class: 'audit-exports'});

    const query = () => {
        const params = new URLSearchParams();
        const put = (key, value) => value && params.set(key, value);
        put('userId', user.input.value);
        put('patientId', patientId);
        put('conversationId', conversation.input.value.trim());
        put('type', type.input.value);
        put('from', from.input.value && String(new Date(from.input.value).getTime()));
        put('to', to.input.value && String(new Date(to.input.value).getTime()));
        return params;
    };
    const search = async () => {
        const params = query();
        const rows = await api('GET', `/api/v1/audit?${params}&limit=500`);
        status.say(`${plural(rows.length, 'row', 'rows')} found, newest first.`);
        replaceChildren(results, rows.length === 0 ? null : table('Audit rows',
            ['When', 'Type', 'Outcome', 'Who', 'Target', ''],
            rows.map(row => [when(row.occurredAt), row.type, row.outcome,
                row.actorId ? names.get(row.actorId) || row.actorId : 'nobody signed in',
                row.targetType ? `${row.targetType} ${row.targetId}` : '—',
                smallButton('Details', () => details(row, names))]), {className: 'audit-table'}));
        replaceChildren(exports, 'Export these rows: ',
            h('a', {href: `/api/v1/audit/export?format=csv&${params}`, download: 'carechat-audit.csv',
                class: 'export-csv'}, 'CSV'), ' · ',
            h('a', {href: `/api/v1/audit/export?format=json&${params}`, download: 'carechat-audit.json',
                class: 'export-json'}, 'JSON'));
    };
    const form = h('form', {class: 'console-form audit-search', onSubmit: event => {
        event.preventDefault();
        search().catch(error => status.say(error.message, true));
    }}, h('div', {class: 'field-grid'}, user.wrap, h('div', {}, patient.element, patientChosen.element),
        conversation.wrap, type.wrap, from.wrap, to.wrap),
    h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'primary'}, 'Search')));
    return consolePage('Audit trail', verifyPanel(), panel('Search', form, status.element, exports, results));
}

function details(row, names) {
    const item = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
    openDialog({title: 'Audit row', className: 'wide', content: h('dl', {class: 'profile audit-detail'},
        item('Row', row.id), item('When', when(row.occurredAt)), item('Type', row.type),
        item('Outcome', row.outcome),
        item('Who', row.actorId ? `${names.get(row.actorId) || 'an account'} (${row.actorId})` : 'nobody signed in'),
        item('From address', row.ip), item('Target', row.targetType ? `${row.targetType} ${row.targetId}` : null),
        item('Conversation', row.conversationId), item('Patient', row.patientId),
        item('Details', row.details))});
}

/** "Verify the chain": the server re-checks every seal of the organisation's audit rows and says what it found. */
function verifyPanel() {
    const answer = h('div', {class: 'verify-answer', role: 'status', 'aria-live': 'polite'});
    const button = h('button', {type: 'button', class: 'secondary', id: 'verify-chain'}, 'Verify the chain');
    button.addEventListener('click', async () => {
        button.disabled = true;
        replaceChildren(answer, h('p', {}, 'Checking every row…'));
        try {
            const result = await api('GET', '/api/v1/audit/verify');
            replaceChildren(answer, result.intact
                ? h('p', {class: 'notice verify-intact'}, `The audit trail is intact: all ${number(result.rows)} rows `
                    + `in ${plural(result.chains, 'chain', 'chains')} carry their seals, none is missing and none was `
                    + 'changed.')
                : h('div', {class: 'error verify-broken'},
                    h('p', {}, `The audit trail is broken in ${plural(result.problems.length, 'place', 'places')}. `
                        + 'The first:'),
                    h('p', {}, `${result.firstBroken.problem} (row ${result.firstBroken.rowId ?? 'missing'}, `
                        + `${when(result.firstBroken.occurredAt, 'time unknown')}).`)));
        } catch (error) {
            replaceChildren(answer, h('p', {class: 'error'}, error.message));
        } finally {
            button.disabled = false;
        }
    });
    return panel('Integrity', h('p', {class: 'hint'}, 'Every audit row is sealed with a key only the server holds, '
        + 'and chained to the one before it. Verifying checks every seal and link.'), button, answer);
}
