// Finding staff or patients by name (or patient id): at least 3 characters, answered by the server's search.

import {api} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {userStatus} from '../shared/user-status.js';

const MIN_CHARACTERS = 3;
const WAIT_MS = 250;

/**
 * A search field with a result list. `kind`: 'staff' or 'patient'. `onPick(result)` is called with
 * {id, label, detail}; `exclude()` returns ids to leave out of the results.
 */
export function peopleSearch({id, kind, label, onPick, exclude = () => []}) {
    const input = h('input', {id, type: 'search', autocomplete: 'off', 'aria-describedby': `${id}-hint`,
        'aria-controls': `${id}-results`});
    const hint = h('p', {class: 'hint', id: `${id}-hint`}, `Type at least ${MIN_CHARACTERS} characters.`);
    const results = h('ul', {class: 'search-results', id: `${id}-results`, 'aria-label': `${label}: results`});
    const status = h('p', {class: 'hint', role: 'status'});
    let timer = null;
    let asked = 0;

    const search = async () => {
        const query = input.value.trim();
        const ticket = ++asked;
        if (query.length < MIN_CHARACTERS) {
            replaceChildren(results);
            status.textContent = '';
            return;
        }
        try {
            // Patients are searched with the query in the body, so names never sit in URLs (and proxy logs).
            const found = kind === 'staff' ? await api('GET', '/api/v1/users?q=' + encodeURIComponent(query))
                : await api('POST', '/api/v1/patients/search', {q: query});
            if (ticket !== asked) {
                return; // a newer search is under way
            }
            const excluded = new Set(exclude());
            const shown = found.map(kind === 'staff' ? staffResult : patientResult).filter(r => !excluded.has(r.id));
            status.textContent = shown.length ? `${shown.length} found` : 'Nobody found';
            replaceChildren(results, shown.map(result => h('li', {},
                h('button', {type: 'button', class: 'pick', dataset: {id: result.id},
                    onClick: () => {
                        onPick(result);
                        input.value = '';
                        replaceChildren(results);
                        status.textContent = `${result.label} added`;
                        input.focus();
                    }},
                h('span', {class: 'pick-label'}, result.label),
                kind === 'staff' ? userStatus(result.id) : null,
                h('span', {class: 'pick-detail'}, result.detail)))));
        } catch (error) {
            status.textContent = error.message;
        }
    };
    input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(search, WAIT_MS);
    });
    input.addEventListener('keydown', event => {
        if (event.key === 'Enter') {
            event.preventDefault();
            clearTimeout(timer);
            search();
        }
    });
    return {
        element: h('div', {class: 'field people-search'}, h('label', {for: id}, label), input, hint, status, results),
        input,
    };
}

function staffResult(user) {
    return {id: user.id, label: user.displayName, detail: user.role, staff: true};
}

function patientResult(patient) {
    return {id: patient.id, label: `${patient.givenName} ${patient.familyName}`,
        detail: `ID ${patient.mrn} · born ${patient.birthDate}`};
}

/** Chosen people as removable chips. */
export function chosenList(label, onRemove) {
    const list = h('ul', {class: 'chips', 'aria-label': label});
    return {
        element: list,
        add(result) {
            list.appendChild(h('li', {class: 'chip', dataset: {id: result.id}},
                h('span', {}, result.label),
                result.staff ? userStatus(result.id) : null,
                h('button', {type: 'button', 'aria-label': `Remove ${result.label}`,
                    onClick: event => {
                        event.currentTarget.parentElement.remove();
                        onRemove(result);
                    }}, '×')));
        },
        clear() {
            list.replaceChildren();
        },
    };
}
