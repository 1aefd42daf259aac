// The "Kept for" part of "Edit conversation" (owners): how long the conversation is kept after its last activity,
// set shorter than the organisation's period (longer only by an admin), or back to the organisation's.

import {api} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {date, plural} from '../shared/format.js';

export function retentionSection(conversationId, showError) {
    const path = `/api/v1/conversations/${encodeURIComponent(conversationId)}/retention`;
    const summary = h('p', {id: 'edit-retention-summary', class: 'hint', 'aria-live': 'polite'}, 'Loading…');
    const days = h('input',
        {id: 'edit-retention-days', type: 'number', min: 1, max: 3650, step: 1, inputmode: 'numeric'});
    const keep = h('button', {type: 'button', class: 'secondary', id: 'edit-retention-save'}, 'Keep for this long');
    const reset = h('button', {type: 'button', class: 'secondary', id: 'edit-retention-reset', hidden: true},
        'Use the organisation\'s period');
    const hint = h('p', {id: 'edit-retention-hint', class: 'hint'});

    const show = retention => {
        const own = retention.overrideDays !== undefined && retention.overrideDays !== null;
        const due = retention.held ? 'It is under legal hold and is not purged while held.'
            : `Purged on ${date(retention.dueAt)} unless there is new activity.`;
        replaceChildren(summary, `Kept ${plural(retention.days, 'day', 'days')} after the last activity `
            + `(${own ? 'its own period' : 'the organisation\'s period'}; the organisation's is `
            + `${plural(retention.policyDays, 'day', 'days')}). ${due}`);
        days.value = String(retention.days);
        days.max = String(retention.mayLengthen ? 3650 : retention.policyDays);
        reset.hidden = !own;
        replaceChildren(hint, retention.mayLengthen
            ? 'As an admin you may keep it longer than the organisation\'s period.'
            : `Up to ${plural(retention.policyDays, 'day', 'days')}; only an admin can keep it longer.`);
    };
    const change = async call => {
        showError(null);
        try {
            show(await call());
        } catch (error) {
            showError(error.message);
        }
    };
    keep.addEventListener('click', () => {
        const value = Number(days.value);
        if (!Number.isInteger(value) || value < 1) {
            showError('Enter a whole number of days, at least 1.');
            return;
        }
        change(() => api('PUT', path, {days: value}));
    });
    reset.addEventListener('click', () => change(() => api('DELETE', path)));
    change(() => api('GET', path));

    return h('section', {class: 'edit-retention', 'aria-labelledby': 'edit-retention-heading'},
        h('h3', {id: 'edit-retention-heading'}, 'Kept for'),
        summary,
        h('div', {class: 'field'}, h('label', {for: 'edit-retention-days'}, 'Days kept after the last activity'), days),
        hint,
        h('div', {class: 'dialog-actions'}, reset, keep));
}
