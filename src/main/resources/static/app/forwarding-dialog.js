// "Forwarding" (beside the status selector): while Unavailable — or Busy, if chosen — direct messages to the user are
// also handed to the colleagues named here. Forwarding belongs to the status (docs/urgent.md#forwarding): it is saved
// with the current status and end time, and ends when the status changes, is cleared or lapses.

import {api} from '../shared/api.js';
import {openDialog} from '../shared/dialog.js';
import {h} from '../shared/dom.js';
import {chosenList, peopleSearch} from './people-search.js';

const MAX_DELEGATES = 5;

/**
 * @param current the user's own status ({status, until, forwardTo, forwardWhenBusy}); not 'available'
 * @param onSaved called with the server's answer (the new own status)
 */
export function forwardingDialog(me, current, onSaved) {
    const chosen = new Map((current.forwardTo ?? []).map(id => [id, {id, label: id, staff: true}]));
    const chosenChips = chosenList('Forward to', result => chosen.delete(result.id));
    const search = peopleSearch({id: 'forward-search', kind: 'staff', label: 'Forward direct messages to',
        exclude: () => [me.id, ...chosen.keys()],
        onPick: result => {
            if (chosen.size >= MAX_DELEGATES) {
                handle.error(`At most ${MAX_DELEGATES} colleagues.`);
                return;
            }
            chosen.set(result.id, result);
            chosenChips.add(result);
        }});
    const whenBusy = h('input', {id: 'forward-when-busy', type: 'checkbox', role: 'switch',
        checked: Boolean(current.forwardWhenBusy)});
    const save = h('button', {type: 'submit', class: 'primary'}, 'Save');
    const form = h('form', {class: 'forwarding', novalidate: true},
        h('p', {}, 'While you are Unavailable, direct messages to you also go to these colleagues, and the sender is '
            + 'told. Changing your status ends forwarding.'),
        search.element, chosenChips.element,
        h('div', {class: 'field switch'}, whenBusy,
            h('label', {for: 'forward-when-busy'}, 'Forward while Busy too')),
        h('div', {class: 'dialog-actions'},
            h('button', {type: 'button', class: 'secondary', onClick: () => handle.close()}, 'Cancel'), save));
    const handle = openDialog({title: 'Forwarding', content: form, className: 'wide'});
    resolveNames(chosen, chosenChips);

    form.addEventListener('submit', async event => {
        event.preventDefault();
        const body = {status: current.status, forwardTo: [...chosen.keys()], forwardWhenBusy: whenBusy.checked};
        if (current.until) {
            body.until = current.until;
        }
        save.disabled = true;
        try {
            onSaved(await api('PUT', '/api/v1/availability', body));
            handle.close();
        } catch (error) {
            handle.error(error.message);
            save.disabled = false;
        }
    });
    search.input.focus();
}

/** The chips of colleagues already named show their names once read (ids are all the status carries). */
async function resolveNames(chosen, chips) {
    for (const id of chosen.keys()) {
        try {
            const user = await api('GET', `/api/v1/users/${encodeURIComponent(id)}`);
            chosen.set(id, {id, label: user.displayName, staff: true});
        } catch (error) {
            // left as the id: the colleague may have left; saving again drops or keeps them as chosen
        }
        chips.add(chosen.get(id));
    }
}
