// The console's care teams: make a team, add staff to it and take them off it. A team's members see the patient
// conversations given to the team for as long as they are in it.

import {consolePage, formDialog, labelled, panel, smallButton, statusLine} from './console-ui.js';
import {peopleSearch} from './people-search.js';
import {api} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';

export async function teamsPage() {
    const status = statusLine();
    const list = h('div', {class: 'team-list'});
    const reload = async () => {
        const [teams, staff] = await Promise.all([api('GET', '/api/v1/teams'), api('GET', '/api/v1/users?limit=500')]);
        const names = new Map(staff.map(u => [u.id, u.displayName]));
        replaceChildren(list, teams.length === 0 ? h('p', {class: 'hint'}, 'No care teams yet.')
            : teams.map(team => teamPanel(team, names, status, reload)));
    };
    const add = h('button', {type: 'button', class: 'primary', id: 'add-team', onClick: () => {
        const name = labelled('Team name', {id: 'team-name', maxlength: 100, autocomplete: 'off'});
        formDialog('Make a care team', 'Make team', [name.wrap], async () => {
            const team = await api('POST', '/api/v1/teams', {name: name.input.value.trim(), memberIds: []});
            status.say(`The team ${team.name} was made; add its members.`);
            await reload();
        });
        name.input.focus();
    }}, 'Make a care team');
    await reload();
    return consolePage('Care teams', h('div', {class: 'console-tools'}, add), status.element, list);
}

function teamPanel(team, names, status, reload) {
    const path = `/api/v1/teams/${encodeURIComponent(team.id)}/members`;
    const change = async (work, said) => {
        try {
            await work();
            status.say(said);
            await reload();
        } catch (error) {
            status.say(error.message, true);
        }
    };
    const search = peopleSearch({id: `team-add-${team.id}`, kind: 'staff', label: `Add to ${team.name}`,
        exclude: () => team.memberIds,
        onPick: person => change(() => api('POST', path, {userId: person.id}),
            `${person.label} joined ${team.name}.`)});
    return panel(team.name,
        team.memberIds.length === 0 ? h('p', {class: 'hint'}, 'No members yet.')
            : h('ul', {class: 'member-list', 'aria-label': `Members of ${team.name}`}, team.memberIds.map(id => {
                const name = names.get(id) || 'A former colleague';
                return h('li', {}, h('span', {class: 'member-name'}, name),
                    smallButton(`Remove ${name}`, () => change(
                        () => api('DELETE', `${path}/${encodeURIComponent(id)}`),
                        `${name} left ${team.name}.`)));
            })),
        search.element);
}
