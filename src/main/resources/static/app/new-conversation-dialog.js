// "New conversation", by who it is with:
// - one colleague: a direct message, opened as soon as the colleague is picked (the server returns the existing 1:1
//   when there is one, so there is never a second; forwarding applies to direct conversations);
// - a group of staff, a name or topic, staff picked by search;
// - staff only about a patient: linked to the patient's record, and the patient cannot see it;
// - with a patient: the patient takes part (once registered) and sees what is written.
// Groups accept responses (2-way) or not (1-way) and may have a first message, which goes through the live link's
// outbox, so it is sent exactly once even if the connection drops right then.

import {api} from '../shared/api.js';
import {openDialog} from '../shared/dialog.js';
import {h} from '../shared/dom.js';
import {chosenList, peopleSearch} from './people-search.js';

const AUDIENCES = [
    {value: 'direct', label: 'One colleague (direct message)'},
    {value: 'staff', label: 'A group of staff'},
    {value: 'about', label: 'Staff only, about a patient (the patient cannot see it)'},
    {value: 'patient', label: 'With a patient (the patient can see it)'},
];

/** @param onCreated (conversationId, firstMessage) => void */
export function newConversationDialog(me, onCreated) {
    let patient = null;
    const staff = new Map();
    const audience = ({value, label}) => h('label', {class: 'choice'},
        h('input', {type: 'radio', name: 'audience', value, checked: value === 'direct'}), label);
    const topic = h('input', {id: 'new-topic', type: 'text', maxlength: 200, required: true, autocomplete: 'off',
        placeholder: 'The subject, e.g. Wound care after discharge'});
    const accept = h('input', {id: 'new-accept', type: 'checkbox', role: 'switch', checked: true});
    const first = h('textarea', {id: 'new-first-message', rows: 3, maxlength: 4000});
    const patientChosen = chosenList('Chosen patient', () => {
        patient = null;
    });
    const staffChosen = chosenList('Chosen staff', result => staff.delete(result.id));
    const patientSearch = peopleSearch({id: 'new-patient-search', kind: 'patient', label: 'Patient',
        onPick: result => {
            patient = result;
            patientChosen.clear();
            patientChosen.add(result);
            // The topic is not filled in with the patient's name: everyone in the conversation sees the topic,
            // and a group can hold other patients (issue #13).
        }});
    const staffSearch = peopleSearch({id: 'new-staff-search', kind: 'staff', label: 'Staff',
        exclude: () => [me.id, ...staff.keys()],
        onPick: result => {
            if (mode() === 'direct') {
                openDirect(result);
                return;
            }
            staff.set(result.id, result);
            staffChosen.add(result);
        }});
    const patientPart = h('div', {class: 'patient-part', hidden: true}, patientSearch.element, patientChosen.element);
    const directHint = h('p', {class: 'hint direct-hint'},
        'Pick the colleague: your conversation with them opens, or starts if there is none.');
    const groupPart = h('div', {class: 'group-part', hidden: true},
        h('div', {class: 'field'}, h('label', {for: 'new-topic'}, 'Name or topic'), topic));
    const groupEnd = h('div', {class: 'group-part', hidden: true},
        h('div', {class: 'field switch'}, accept,
            h('label', {for: 'new-accept'}, 'Accept responses (2-way). Off: only owners can write (1-way).')),
        h('div', {class: 'field'}, h('label', {for: 'new-first-message'}, 'First message'), first));
    const create = h('button', {type: 'submit', class: 'primary', hidden: true}, 'Create');
    const form = h('form', {class: 'new-conversation-form', novalidate: true},
        h('fieldset', {class: 'choices'}, h('legend', {}, 'Who is it with?'), AUDIENCES.map(audience)),
        directHint, groupPart, patientPart,
        staffSearch.element, staffChosen.element,
        groupEnd,
        h('div', {class: 'dialog-actions'},
            h('button', {type: 'button', class: 'secondary', onClick: () => handle.close()}, 'Cancel'), create));
    const handle = openDialog({title: 'New conversation', content: form, className: 'wide'});

    const mode = () => form.querySelector('input[name="audience"]:checked').value;
    const withPatient = () => mode() === 'about' || mode() === 'patient';
    const showMode = () => {
        const direct = mode() === 'direct';
        directHint.hidden = !direct;
        form.querySelectorAll('.group-part').forEach(part => {
            part.hidden = direct;
        });
        patientPart.hidden = !withPatient();
        staffChosen.element.hidden = direct;
        create.hidden = direct;
    };

    const openDirect = async colleague => {
        handle.error(null);
        try {
            const opened = await api('POST', '/api/v1/conversations',
                {kind: 'direct', audience: 'staff', memberIds: [colleague.id]});
            handle.close();
            onCreated(opened.conversation.id, null);
        } catch (error) {
            handle.error(error.message);
        }
    };

    form.addEventListener('change', event => {
        if (event.target.name === 'audience') {
            handle.error(null);
            showMode();
        }
    });
    form.addEventListener('submit', async event => {
        event.preventDefault();
        handle.error(null);
        const refusal = missing();
        if (refusal) {
            handle.error(refusal.text);
            refusal.field.focus();
            return;
        }
        create.disabled = true;
        try {
            const created = await api('POST', '/api/v1/conversations', {
                kind: 'group',
                audience: mode() === 'patient' ? (staff.size ? 'mixed' : 'patient') : 'staff',
                topic: topic.value.trim(),
                patientId: withPatient() ? patient.id : null,
                acceptResponses: accept.checked,
                memberIds: [...staff.keys()],
            });
            handle.close();
            onCreated(created.conversation.id, first.value.trim() ? first.value : null);
        } catch (error) {
            handle.error(error.message);
            create.disabled = false;
        }
    });

    /** What a group still lacks, as {text, field}, or null. */
    const missing = () => {
        if (mode() === 'direct') {
            return {text: 'Pick the colleague: search by name, then pick them.', field: staffSearch.input};
        }
        if (!topic.value.trim()) {
            return {text: 'Give the conversation a name or topic.', field: topic};
        }
        if (withPatient() && !patient) {
            return {text: 'Choose the patient: search by name or patient ID, then pick them.',
                field: patientSearch.input};
        }
        if (mode() !== 'patient' && staff.size === 0) {
            return {text: 'Add at least one colleague: search by name, then pick them.', field: staffSearch.input};
        }
        return null;
    };
    showMode();
    staffSearch.input.focus();
}
