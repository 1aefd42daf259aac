// Settings: legal holds — what the retention purge must keep (docs/retention.md). A hold names a conversation, a
// patient record or a user by id, with a reason; releasing ends every hold on that target, with a reason too. Both
// are audited. The section re-renders itself after each change.

import {actionForm, formDialog, labelled, smallButton, statusLine, table, when} from './console-ui.js';
import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';

const TARGETS = [['conversation', 'A conversation'], ['patient', 'A patient (their conversations)'],
    ['user', 'A user (their conversations)']];

function releaseButton(hold, refresh) {
    return smallButton('Release', () => {
        const reason = labelled('Why the hold ends', {id: 'legal-hold-release-reason', maxlength: 500});
        formDialog('Release the legal hold', 'Release', [reason.wrap], async () => {
            await api('POST', '/api/v1/retention/holds/release',
                {targetType: hold.targetType, targetId: hold.targetId, reason: reason.input.value.trim()});
            await refresh('Released. Its conversations are under the retention policy again.');
        });
    });
}

export const legalHoldsSection = {
    id: 'legal-holds',
    title: 'Legal holds',
    async render() {
        const container = h('div', {});
        const status = statusLine();
        const refresh = async message => {
            container.replaceChildren(await this.content(refresh, status));
            if (message) {
                status.say(message);
            }
        };
        await refresh();
        return h('div', {}, container, status.element);
    },
    async content(refresh, status) {
        const holds = await api('GET', '/api/v1/retention/holds');
        const list = holds.length === 0
            ? h('p', {class: 'hint'}, 'Nothing is held: every conversation is purged when its period ends.')
            : table('Legal holds in force', ['Holds', 'Id', 'Reason', 'Since', ''], holds.map(hold =>
                [hold.targetType, hold.targetId, hold.reason, when(hold.placedAt), releaseButton(hold, refresh)]));
        const type = labelled('What to hold', {id: 'legal-hold-type'}, {tag: 'select', options: TARGETS});
        const target = labelled('Its id', {id: 'legal-hold-target', maxlength: 64});
        const reason = labelled('Why (a case or request reference)', {id: 'legal-hold-reason', maxlength: 500});
        const place = actionForm('Place the hold', [type.wrap, target.wrap, reason.wrap], async () => {
            await api('POST', '/api/v1/retention/holds', {targetType: type.input.value,
                targetId: target.input.value.trim(), reason: reason.input.value.trim()});
            status.say('');
            await refresh('Held. Nothing it covers is purged until it is released.');
        });
        return h('div', {}, h('p', {class: 'hint'}, 'A held conversation is never purged, whatever its policy says. '
            + 'Holds and releases are recorded in the audit trail with their reasons.'), list, place);
    },
};
