// The console's reports: the organisation's figures (all its conversations, not only the admin's) and the urgent
// report — time to acknowledge (median and 90th percentile) and escalations per care team, as bars and as a table.

import {consolePage, labelled, panel, statusLine, table} from './console-ui.js';
import {api} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {number} from '../shared/format.js';

const DAY = 86_400_000;

export async function reportsPage() {
    const figures = await api('GET', '/api/v1/admin/figures');
    const stat = (label, value) => h('div', {class: 'stat'}, h('dt', {}, label), h('dd', {}, number(value)));
    const figurePanel = panel('The organisation',
        h('dl', {class: 'figures'}, stat('Conversations', figures.conversations), stat('Messages', figures.messages),
            stat('Unread', figures.unread), stat('Patients', figures.patients),
            stat('Registered patients', figures.registeredPatients), stat('Notices sent', figures.noticesSent)));
    return consolePage('Reports', figurePanel, await urgentPanel());
}

async function urgentPanel() {
    const today = new Date();
    const iso = date => date.toISOString().slice(0, 10);
    const from = labelled('From', {id: 'report-from', type: 'date', value: iso(new Date(today.getTime() - 30 * DAY))});
    const to = labelled('Until (including)', {id: 'report-to', type: 'date', value: iso(today)});
    const status = statusLine();
    const body = h('div', {class: 'urgent-report'});
    const load = async () => {
        const start = new Date(`${from.input.value}T00:00`).getTime();
        const end = new Date(`${to.input.value}T00:00`).getTime() + DAY;
        const report = await api('GET', `/api/v1/urgent/report?from=${start}&to=${end}`);
        replaceChildren(body, report.teams.length === 0
            ? h('p', {class: 'hint'}, 'No urgent messages in this period.')
            : [chart(report.teams), table('Urgent messages per care team',
                ['Team', 'Urgent', 'Acknowledged', 'Median to acknowledge', '90th percentile', 'Escalated'],
                report.teams.map(row => [teamName(row), number(row.alerts), number(row.acknowledged),
                    duration(row.medianSecondsToAcknowledge), duration(row.p90SecondsToAcknowledge),
                    number(row.escalations)]))]);
        status.say('');
    };
    const form = h('form', {class: 'console-form inline', onSubmit: event => {
        event.preventDefault();
        load().catch(error => status.say(error.message, true));
    }}, from.wrap, to.wrap, h('div', {class: 'form-actions'}, h('button', {type: 'submit', class: 'secondary'},
        'Show')));
    await load().catch(error => status.say(error.message, true));
    return panel('Urgent messages', form, status.element, body);
}

/** Horizontal bars, one group per team: median and 90th percentile minutes to acknowledge, and escalations. */
function chart(rows) {
    const longest = Math.max(1, ...rows.map(r => r.p90SecondsToAcknowledge || 0));
    const mostEscalated = Math.max(1, ...rows.map(r => r.escalations));
    const bar = (kind, label, value, max, text) => h('div', {class: `bar-row ${kind}`},
        h('span', {class: 'bar-label'}, label),
        h('span', {class: 'bar-track', 'aria-hidden': 'true'},
            h('span', {class: 'bar', style: `width: ${Math.round(100 * (value || 0) / max)}%`})),
        h('span', {class: 'bar-value'}, text));
    return h('figure', {class: 'chart'},
        h('figcaption', {}, 'Time to acknowledge and escalations per care team (the table below has the figures)'),
        rows.map(row => h('div', {class: 'bar-group'}, h('p', {class: 'bar-team'}, teamName(row)),
            bar('median', 'median', row.medianSecondsToAcknowledge, longest, duration(row.medianSecondsToAcknowledge)),
            bar('p90', '90th percentile', row.p90SecondsToAcknowledge, longest,
                duration(row.p90SecondsToAcknowledge)),
            bar('escalated', 'escalated', row.escalations, mostEscalated, number(row.escalations)))));
}

function teamName(row) {
    return row.teamName || 'In no care team';
}

function duration(seconds) {
    if (seconds === null || seconds === undefined) {
        return '—';
    }
    return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}
