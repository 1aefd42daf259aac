// "Edit conversation" (owners): rename, flip 1-way / 2-way, add or remove staff, set how long it is kept. Member
// and retention changes apply at once; the name and the accept-responses switch on Save.

import {api} from '../shared/api.js';
import {openDialog} from '../shared/dialog.js';
import {h, replaceChildren} from '../shared/dom.js';
import {userStatus} from '../shared/user-status.js';
import {peopleSearch} from './people-search.js';
import {retentionSection} from './retention-section.js';

export function editConversationDialog(me, details, onChanged) {
    const c = details.conversation;
    const path = `/api/v1/conversations/${encodeURIComponent(c.id)}`;
    let members = details.members;
    const topic = h('input', {id: 'edit-topic', type: 'text', maxlength: 200, value: c.topic || ''});
    const accept = h('input', {id: 'edit-accept', type: 'checkbox', role: 'switch', checked: c.acceptResponses});
    const memberList = h('ul', {class: 'member-list', 'aria-label': 'Members'});
    const save = h('button', {type: 'submit', class: 'primary'}, 'Save');
    let handle;

    const showMembers = () => replaceChildren(memberList, members.map(m => h('li', {dataset: {id: m.userId}},
        h('span', {class: 'member-name'}, m.displayName || 'Unknown'),
        m.userId === me.id ? null : userStatus(m.userId),
        h('span', {class: 'member-role'}, m.role === 'owner' ? 'Owner' : 'Member'),
        m.userId === me.id ? h('span', {class: 'member-you'}, 'You')
            : h('button', {type: 'button', class: 'secondary small', 'aria-label': `Remove ${m.displayName}`,
                onClick: () => change(() => api('DELETE', `${path}/members/${encodeURIComponent(m.userId)}`))},
            'Remove'))));
    const change = async call => {
        handle.error(null);
        try {
            await call();
            const fresh = await api('GET', path);
            members = fresh.members;
            showMembers();
            onChanged();
        } catch (error) {
            handle.error(error.message);
        }
    };
    const staffSearch = peopleSearch({id: 'edit-staff-search', kind: 'staff', label: 'Add staff',
        exclude: () => members.map(m => m.userId),
        onPick: result => change(() => api('POST', `${path}/members`, {userId: result.id}))});
    const form = h('form', {class: 'edit-conversation', novalidate: true},
        h('div', {class: 'field'}, h('label', {for: 'edit-topic'}, 'Name or topic'), topic),
        h('div', {class: 'field switch'}, accept,
            h('label', {for: 'edit-accept'}, 'Accept responses (2-way). Off: only owners can write (1-way).')),
        h('div', {class: 'dialog-actions'}, save),
        h('h3', {}, 'Members'), memberList, staffSearch.element,
        retentionSection(c.id, text => handle?.error(text)));
    handle = openDialog({title: 'Edit conversation', content: form, className: 'wide'});
    showMembers();
    form.addEventListener('submit', async event => {
        event.preventDefault();
        const update = {};
        if (topic.value.trim() !== (c.topic || '')) {
            update.topic = topic.value.trim();
        }
        if (accept.checked !== c.acceptResponses) {
            update.acceptResponses = accept.checked;
        }
        save.disabled = true;
        try {
            if (Object.keys(update).length) {
                await api('PATCH', path, update);
                onChanged();
            }
            handle.close();
        } catch (error) {
            handle.error(error.message);
            save.disabled = false;
        }
    });
    topic.focus();
}
