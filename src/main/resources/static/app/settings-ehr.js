// Settings: EHR integration — the organisation's FHIR R4 server and the SMART Backend Services client CareChat is
// registered as there. CareChat makes the signing key itself: the admin registers its public key (the JWKS URL, or
// the JWKS pasted) at the EHR. The state line tells whether the sync works, and the last error says why not.

import {actionForm, labelled, smallButton, statusLine, when} from './console-ui.js';
import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';

export const ehrSection = {
    id: 'ehr',
    title: 'EHR integration (FHIR)',
    async render() {
        const ehr = await api('GET', '/api/v1/orgs/current/fhir');
        const status = statusLine();
        const state = h('div', {id: 'ehr-state'}, stateText(ehr));
        const enabled = labelled('Keep the patient directory and discharges in step with the EHR',
            {id: 'ehr-enabled', type: 'checkbox', checked: ehr.enabled});
        const baseUrl = labelled('FHIR base URL', {id: 'ehr-base-url', maxlength: 300, value: ehr.baseUrl,
            autocomplete: 'off', spellcheck: 'false'}, {hint: 'The EHR\'s FHIR R4 endpoint, e.g. '
            + 'https://ehr.hospital.example/fhir/R4.'});
        const tokenUrl = labelled('Token endpoint', {id: 'ehr-token-url', maxlength: 300, value: ehr.tokenUrl,
            autocomplete: 'off', spellcheck: 'false'}, {hint: 'The "token_endpoint" of the EHR\'s '
            + '.well-known/smart-configuration; leave empty to have CareChat read it from there.'});
        const clientId = labelled('Client id', {id: 'ehr-client-id', maxlength: 200, value: ehr.clientId,
            autocomplete: 'off', spellcheck: 'false'}, {hint: 'The id the EHR gave CareChat\'s backend client.'});
        const scopes = labelled('Scopes', {id: 'ehr-scopes', maxlength: 1000, value: ehr.scopes,
            spellcheck: 'false'}, {hint: 'SMART system scopes, space-separated: system/Patient.read '
            + 'system/Encounter.read'});
        const interval = labelled('Look for changes every (seconds)', {id: 'ehr-interval', type: 'number',
            min: 60, max: 86400, value: ehr.syncIntervalSeconds});
        const fileAs = labelled('File to record as', {id: 'ehr-file-as'}, {tag: 'select',
            options: [['communications', 'one Communication per message (scope system/Communication.write)'],
                ['document', 'one DocumentReference with a PDF transcript (scope system/DocumentReference.write)']],
            hint: 'What "File to record" writes to the patient\'s record.'});
        fileAs.input.value = ehr.fileAs;
        const encounterAccess = labelled('Staff taking part in a patient\'s current Encounter see their conversations',
            {id: 'ehr-encounter-access', type: 'checkbox', checked: ehr.encounterAccess},
            {hint: 'Like the patient\'s CareTeam; needs system/Encounter.read and system/Practitioner.read.'});
        const key = h('div', {id: 'ehr-key'}, keyText(ehr));
        const check = smallButton('Check connection', async () => {
            status.say('Checking…');
            try {
                const result = await api('POST', '/api/v1/orgs/current/fhir/check');
                status.say(result.ok ? `Connected: FHIR ${result.fhirVersion}` : result.error, !result.ok);
                refresh(state, key);
            } catch (failure) {
                status.say(failure.message, true);
            }
        });
        check.id = 'ehr-check';
        const fields = [state, key, enabled.wrap, baseUrl.wrap, tokenUrl.wrap, clientId.wrap, scopes.wrap,
            interval.wrap, fileAs.wrap, encounterAccess.wrap];
        return h('div', {}, actionForm('Save', fields, async () => {
            const saved = await api('PUT', '/api/v1/orgs/current/fhir', {
                enabled: enabled.input.checked,
                baseUrl: baseUrl.input.value.trim(),
                tokenUrl: tokenUrl.input.value.trim(),
                clientId: clientId.input.value.trim(),
                scopes: scopes.input.value.trim(),
                syncIntervalSeconds: Number(interval.input.value),
                fileAs: fileAs.input.value,
                encounterAccess: encounterAccess.input.checked,
            });
            state.replaceChildren(stateText(saved));
            key.replaceChildren(keyText(saved));
            status.say(saved.enabled ? 'Saved. The sync starts within a few seconds.' : 'Saved. The sync is off.');
        }), h('div', {class: 'form-actions'}, check), status.element);
    },
};

async function refresh(state, key) {
    const ehr = await api('GET', '/api/v1/orgs/current/fhir');
    state.replaceChildren(stateText(ehr));
    key.replaceChildren(keyText(ehr));
}

function stateText(ehr) {
    if (!ehr.configured) {
        return h('p', {class: 'hint'}, 'Not connected to an EHR.');
    }
    const s = ehr.status;
    const line = {
        pending: 'State: waiting for its first run.',
        ok: `State: working — last run ${when(s.lastSuccessAt)}.`,
        failing: `State: failing (${s.failures} in a row) — last success ${when(s.lastSuccessAt)}; `
            + `next try ${when(s.nextAttemptAt)}.`,
    }[s.state];
    return h('div', {}, h('p', {class: s.state === 'failing' ? 'error' : ''}, line),
        s.lastError ? h('p', {id: 'ehr-last-error'}, 'Last error: ', s.lastError) : null);
}

function keyText(ehr) {
    if (!ehr.configured) {
        return h('p', {class: 'hint'}, 'CareChat makes its signing key when you first save; you then register '
            + 'its public key at the EHR.');
    }
    return h('p', {class: 'hint'}, 'Register this JWKS URL (ES384) for the client at the EHR: ',
        h('code', {}, ehr.jwksUrl));
}
