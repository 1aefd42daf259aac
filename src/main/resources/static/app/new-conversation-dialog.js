// "New conversation": staff only, or with a patient; a name or topic; patient and staff picked by search;
// accept responses (2-way) or not (1-way); the first message. The first message goes through the live link's
// outbox, so it is sent exactly once even if the connection drops right then.

import {api} from '../shared/api.js';
import {openDialog} from '../shared/dialog.js';
import {h} from '../shared/dom.js';
import {chosenList, peopleSearch} from './people-search.js';

/** @param onCreated (conversationId, firstMessage) => void */
export function newConversationDialog(me, onCreated) {
    let patient = null;
    const staff = new Map();
    const audience = name => h('label', {class: 'choice'},
        h('input', {type: 'radio', name: 'audience', value: name, checked: name === 'staff'}),
        name === 'staff' ? 'Staff only' : 'With a patient');
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
            staff.set(result.id, result);
            staffChosen.add(result);
        }});
    const patientPart = h('div', {class: 'patient-part', hidden: true}, patientSearch.element, patientChosen.element);
    const create = h('button', {type: 'submit', class: 'primary'}, 'Create');
    const form = h('form', {class: 'new-conversation', novalidate: true},
        h('fieldset', {class: 'choices'}, h('legend', {}, 'Who is it with?'), audience('staff'), audience('patient')),
        h('div', {class: 'field'}, h('label', {for: 'new-topic'}, 'Name or topic'), topic),
        patientPart,
        staffSearch.element, staffChosen.element,
        h('div', {class: 'field switch'}, accept,
            h('label', {for: 'new-accept'}, 'Accept responses (2-way). Off: only owners can write (1-way).')),
        h('div', {class: 'field'}, h('label', {for: 'new-first-message'}, 'First message'), first),
        h('div', {class: 'dialog-actions'},
            h('button', {type: 'button', class: 'secondary', onClick: () => handle.close()}, 'Cancel'), create));
    const handle = openDialog({title: 'New conversation', content: form, className: 'wide'});

    const withPatient = () => form.querySelector('input[name="audience"]:checked').value === 'patient';
    form.addEventListener('change', event => {
        if (event.target.name === 'audience') {
            patientPart.hidden = !withPatient();
        }
    });
    form.addEventListener('submit', async event => {
        event.preventDefault();
        handle.error(null);
        if (!topic.value.trim()) {
            handle.error('Give the conversation a name or topic.');
            topic.focus();
            return;
        }
        if (withPatient() && !patient) {
            handle.error('Choose the patient: search by name or patient ID, then pick them.');
            patientSearch.input.focus();
            return;
        }
        if (!withPatient() && staff.size === 0) {
            handle.error('Add at least one colleague: search by name, then pick them.');
            staffSearch.input.focus();
            return;
        }
        create.disabled = true;
        try {
            const created = await api('POST', '/api/v1/conversations', {
                kind: 'group',
                audience: withPatient() ? (staff.size ? 'mixed' : 'patient') : 'staff',
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
    topic.focus();
}
