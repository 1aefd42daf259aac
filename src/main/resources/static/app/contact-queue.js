// The shared queue of contact requests (the left pane of "Contact requests"): tabs New, In progress, Complete (the
// archive) and New messages, each with its count; filters by reason, assignee and age; a search by patient name,
// patient ID or mobile number (sent in a request body, never in the address); one row per request.

import {api} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {initials, listTime, number} from '../shared/format.js';

export const TABS = [
    {id: 'new', label: 'New', count: 'newRequests'},
    {id: 'in_progress', label: 'In progress', count: 'inProgress'},
    {id: 'complete', label: 'Complete', count: 'complete'},
    {id: 'new_messages', label: 'New messages', count: 'newMessages'},
];
const STATUS_NAMES = {new: 'New', in_progress: 'In progress', complete: 'Complete'};
const SEARCH_WAIT_MS = 300;

export class ContactQueue {

    constructor() {
        this.tab = 'new';
        this.selected = null;
        this.ticket = 0;
        this.counts = {};
        this.tabs = TABS.map(tab => h('button', {type: 'button', class: 'filter queue-tab', 'aria-pressed':
                String(tab.id === this.tab), dataset: {tab: tab.id}, onClick: () => this.setTab(tab.id)},
            h('span', {}, tab.label), h('span', {class: 'tab-count', dataset: {count: tab.count}}, '0')));
        this.reason = h('select', {id: 'queue-reason', onChange: () => this.load()},
            h('option', {value: ''}, 'Any reason'));
        this.assignee = h('select', {id: 'queue-assignee', onChange: () => this.load()},
            h('option', {value: ''}, 'Anyone'), h('option', {value: 'me'}, 'Me'), h('option', {value: 'none'},
                'Nobody'));
        this.age = h('select', {id: 'queue-age', onChange: () => this.load()},
            h('option', {value: ''}, 'Any age'), h('option', {value: 'today'}, 'Today'),
            h('option', {value: 'week'}, '1–7 days'), h('option', {value: 'older'}, 'Older than a week'));
        this.search = h('input', {id: 'queue-search', type: 'search', autocomplete: 'off',
            placeholder: 'Patient name, patient ID or mobile'});
        this.search.addEventListener('input', () => {
            clearTimeout(this.searchTimer);
            this.searchTimer = setTimeout(() => this.load(), SEARCH_WAIT_MS);
        });
        this.list = h('ul', {class: 'requests', id: 'request-list', 'aria-label': 'Contact requests'});
        this.empty = h('p', {class: 'list-empty', role: 'status'});
        this.element = h('nav', {class: 'list-pane queue-pane', 'aria-label': 'Contact request queue'},
            h('div', {class: 'list-tools'},
                h('div', {class: 'filters queue-tabs', role: 'group', 'aria-label': 'Requests'}, this.tabs),
                h('div', {class: 'queue-filters'},
                    labelled('queue-reason', 'Reason', this.reason),
                    labelled('queue-assignee', 'Assigned to', this.assignee),
                    labelled('queue-age', 'Age', this.age)),
                h('div', {class: 'search'}, h('label', {for: 'queue-search'}, 'Search requests'), this.search)),
            this.list, this.empty);
    }

    /** The reasons the filter offers: read when the queue is first shown, not at the app's start. */
    async loadReasons() {
        try {
            const reasons = await api('GET', '/api/v1/contact-reasons');
            reasons.forEach(r => this.reason.appendChild(h('option', {value: r.id}, r.label)));
        } catch (unreachable) {
            // the filter offers "Any reason" only
        }
    }

    setTab(tab) {
        this.tab = tab;
        this.tabs.forEach(t => t.setAttribute('aria-pressed', String(t.dataset.tab === tab)));
        this.load();
    }

    showCounts(counts) {
        this.counts = counts;
        for (const tab of this.tabs) {
            const count = tab.querySelector('.tab-count');
            count.textContent = number(counts[count.dataset.count] ?? 0);
        }
    }

    /** Reads the open tab with the filters and the search; an older answer never replaces a newer one. */
    async load() {
        const ticket = ++this.ticket;
        const query = {tab: this.tab};
        for (const [key, field] of [['reasonId', this.reason], ['assignee', this.assignee], ['age', this.age]]) {
            if (field.value) {
                query[key] = field.value;
            }
        }
        const q = this.search.value.trim();
        if (q.length >= 2) {
            query.q = q;
        }
        try {
            const rows = await api('POST', '/api/v1/contact-requests/queue', query);
            if (ticket === this.ticket) {
                this.show(rows);
            }
        } catch (error) {
            if (ticket === this.ticket) {
                this.empty.hidden = false;
                this.empty.textContent = error.message;
            }
        }
    }

    show(rows) {
        replaceChildren(this.list, rows.map(r => this.row(r)));
        this.empty.hidden = rows.length > 0;
        this.empty.textContent = rows.length ? '' : 'No requests here.';
    }

    select(id) {
        this.selected = id;
        for (const row of this.list.children) {
            const on = row.dataset.id === id;
            row.classList.toggle('selected', on);
            row.querySelector('.conv-open').toggleAttribute('aria-current', on);
        }
    }

    row(r) {
        const person = r.person;
        const name = person.name ?? person.mobile ?? 'Unknown sender';
        return h('li', {class: 'conv request-row' + (r.newMessages ? ' unread' : '')
                + (r.id === this.selected ? ' selected' : ''), dataset: {id: r.id, status: r.status}},
            h('span', {class: 'avatar' + (person.matched ? ' patient' : ''), 'aria-hidden': 'true'},
                initials(person.name ?? '?')),
            h('div', {class: 'conv-body'},
                h('div', {class: 'conv-top'},
                    h('a', {class: 'conv-open', href: `#/requests/${encodeURIComponent(r.id)}`,
                        'aria-current': r.id === this.selected ? 'true' : null}, name),
                    h('time', {datetime: new Date(r.createdAt).toISOString()}, listTime(r.createdAt))),
                h('div', {class: 'conv-patient'},
                    person.matched ? h('span', {class: 'patient-id'}, `ID ${person.mrn}`)
                        : h('span', {class: 'unmatched'}, 'Not matched'),
                    person.mobile && person.name ? h('span', {class: 'patient-id'}, person.mobile) : null),
                h('p', {class: 'conv-preview'}, r.reason ? r.reason.name : 'No reason given'),
                h('div', {class: 'conv-meta'},
                    h('span', {}, STATUS_NAMES[r.status], r.assignee ? ` · ${r.assignee.name}` : '',
                        r.threadHidden ? ' · thread closed' : ''),
                    r.newMessages ? h('span', {class: 'unread-count'},
                        h('span', {class: 'unread-dot', 'aria-hidden': 'true'}), 'New messages') : null)));
    }
}

function labelled(id, label, field) {
    return h('span', {class: 'queue-filter'}, h('label', {for: id}, label), field);
}
