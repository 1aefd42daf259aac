// The left pane: filter tabs, search, and one row per conversation. Rows are built once and updated in place;
// filtering and searching only hide rows, so a list of thousands stays quick (rows off screen are not laid out:
// see `content-visibility` in styles.css).

import {h, replaceChildren} from '../shared/dom.js';
import {initials, listTime, number, plural} from '../shared/format.js';
import {conversationTitle, FILTERS, InboxModel} from '../shared/inbox-model.js';
import {userStatus} from '../shared/user-status.js';

const FILTER_LABELS = {all: 'All', unread: 'Unread', read: 'Read'};
const FIRST_ROWS = 40;
const ROWS_PER_FRAME = 400;

export class ConversationList {

    /** @param model an InboxModel; rows link to #/c/<id> and patient names to #/patients/<id> */
    constructor(model) {
        this.model = model;
        this.filter = 'all';
        this.query = '';
        this.selected = null;
        this.rows = new Map();
        this.generation = 0;
        this.tabs = FILTERS.map(f => h('button', {
            type: 'button', class: 'filter', 'aria-pressed': String(f === 'all'), dataset: {filter: f},
            onClick: () => this.setFilter(f),
        }, FILTER_LABELS[f]));
        this.search = h('input', {
            id: 'conversation-search', type: 'search', autocomplete: 'off',
            placeholder: 'Topic, patient name or patient ID',
            onInput: () => {
                this.query = this.search.value;
                this.applyFilter();
            },
        });
        this.list = h('ul', {class: 'conversations', id: 'conversation-list', 'aria-label': 'Conversations'});
        this.empty = h('p', {class: 'list-empty', role: 'status'});
        this.element = h('nav', {class: 'list-pane', 'aria-label': 'Conversation list'},
            h('div', {class: 'list-tools'},
                h('div', {class: 'filters', role: 'group', 'aria-label': 'Show'}, this.tabs),
                h('div', {class: 'search'},
                    h('label', {for: 'conversation-search'}, 'Search conversations'),
                    this.search)),
            this.list, this.empty);
    }

    /**
     * Rebuilds every row from the model (after a full inbox read): the first screenful at once, the rest in
     * chunks on the following turns of the event loop, so a list of thousands shows without waiting for its last row.
     * @returns a promise resolved once every row is in the list
     */
    renderAll() {
        const generation = ++this.generation;
        this.rows.clear();
        this.list.replaceChildren();
        const ids = this.model.order;
        const chunk = (from, size) => {
            if (generation !== this.generation) {
                return; // a newer read replaced this list
            }
            const fragment = document.createDocumentFragment();
            for (const id of ids.slice(from, from + size)) {
                if (this.rows.has(id)) {
                    continue; // moved up by a live entry and already shown
                }
                const row = this.buildRow(this.model.get(id));
                row.hidden = !InboxModel.matches(this.model.get(id), this.filter, this.query);
                this.rows.set(id, row);
                fragment.appendChild(row);
            }
            this.list.appendChild(fragment);
        };
        chunk(0, FIRST_ROWS);
        this.applyFilter();
        return new Promise(resolve => {
            const more = from => {
                if (from >= ids.length || generation !== this.generation) {
                    this.applyFilter();
                    resolve();
                    return;
                }
                chunk(from, ROWS_PER_FRAME);
                setTimeout(() => more(from + ROWS_PER_FRAME), 0); // lets the first rows paint and input through
            };
            setTimeout(() => more(FIRST_ROWS), 0);
        });
    }

    /** Re-renders one conversation's row and moves it to its place in the order. */
    update(id) {
        const item = this.model.get(id);
        const old = this.rows.get(id);
        if (!item) {
            old?.remove();
            this.rows.delete(id);
            this.applyFilter();
            return;
        }
        const row = this.buildRow(item);
        this.rows.set(id, row);
        if (old) {
            old.remove();
        }
        const order = this.model.order;
        let next = null;
        for (let i = order.indexOf(id) + 1; i < order.length && !next; i++) {
            const candidate = this.rows.get(order[i]);
            next = candidate && candidate.parentNode === this.list ? candidate : null;
        }
        if (next || this.rows.size >= order.length) {
            this.list.insertBefore(row, next);
        } else {
            this.rows.delete(id); // not rendered yet: the chunked rendering will add it
        }
        this.applyFilter();
    }

    select(id) {
        for (const rowId of [this.selected, id]) {
            const row = rowId ? this.rows.get(rowId) : null;
            if (row) {
                const link = row.querySelector('.conv-open');
                row.classList.toggle('selected', rowId === id);
                if (rowId === id) {
                    link.setAttribute('aria-current', 'true');
                } else {
                    link.removeAttribute('aria-current');
                }
            }
        }
        this.selected = id;
    }

    setFilter(filter) {
        this.filter = filter;
        this.tabs.forEach(tab => tab.setAttribute('aria-pressed', String(tab.dataset.filter === filter)));
        this.applyFilter();
    }

    applyFilter() {
        let shown = 0;
        for (const [id, row] of this.rows) {
            const visible = InboxModel.matches(this.model.get(id), this.filter, this.query);
            row.hidden = !visible;
            shown += visible ? 1 : 0;
        }
        this.empty.textContent = shown > 0 ? '' : this.rows.size === 0
            ? 'No conversations yet. Start one with "New conversation".'
            : 'No conversation matches.';
        this.empty.hidden = shown > 0;
    }

    buildRow(item) {
        const c = item.conversation;
        const title = conversationTitle(c, item.patient, item.with);
        const last = item.lastMessage;
        const unread = item.unread > 0;
        return h('li', {class: 'conv' + (unread ? ' unread' : '') + (c.id === this.selected ? ' selected' : ''),
            dataset: {id: c.id}},
            h('span', {class: 'avatar' + (item.patient ? ' patient' : ''), 'aria-hidden': 'true'},
                initials(item.patient ? item.patient.name : title)),
            h('div', {class: 'conv-body'},
                h('div', {class: 'conv-top'},
                    h('a', {class: 'conv-open', href: `#/c/${encodeURIComponent(c.id)}`,
                        'aria-current': c.id === this.selected ? 'true' : null}, title),
                    // a direct conversation is shown by the other person's name: their status goes beside it
                    item.with && !c.topic && !item.patient
                        ? userStatus(item.with.id) : null,
                    last ? h('time', {datetime: new Date(last.createdAt).toISOString()}, listTime(last.createdAt))
                        : null),
                item.patient ? h('div', {class: 'conv-patient'},
                    h('a', {class: 'patient-link', href: `#/patients/${encodeURIComponent(item.patient.id)}`},
                        item.patient.name),
                    h('span', {class: 'patient-id'}, `ID ${item.patient.mrn}`)) : null,
                h('p', {class: 'conv-preview'},
                    last ? `${last.senderName ?? ''}: ${last.preview ?? ''}` : 'No messages yet'),
                h('div', {class: 'conv-meta'},
                    h('span', {class: 'message-count'}, plural(item.messageCount, 'message', 'messages'),
                        item.muted ? h('span', {class: 'muted-mark'}, ' · Muted') : null),
                    item.unreadMentions > 0 ? h('span', {class: 'mention-count'},
                        plural(item.unreadMentions, 'mention', 'mentions')) : null,
                    unread ? h('span', {class: 'unread-count' + (item.muted ? ' quiet' : '')},
                        h('span', {class: 'unread-dot', 'aria-hidden': 'true'}),
                        `${item.unread} unread`) : null)));
    }
}

const STATS_KEY = 'carechat.stats';
/** The phone layout's media query (styles.css: the list full width, "More" in the top bar, statistics collapsed). */
export const PHONE = '(max-width: 767.98px)';

/** The statistics bar: total conversations, unread messages, unique patients, total messages. */
export class StatsBar {
    constructor(storage = sessionStorage) {
        this.storage = storage;
        this.values = {};
        const figure = (key, label) => {
            this.values[key] = h('dd', {dataset: {stat: key}}, '0');
            return h('div', {class: 'stat'}, h('dt', {}, label), this.values[key]);
        };
        this.figures = h('dl', {id: 'statistics-figures'},
            figure('totalConversations', 'Conversations'),
            figure('unreadMessages', 'Unread messages'),
            figure('uniquePatients', 'Patients'),
            figure('totalMessages', 'Messages'));
        this.toggle = h('button', {type: 'button', class: 'secondary stats-toggle',
            'aria-controls': 'statistics-figures', onClick: () => this.collapse(!this.figures.hidden)});
        this.element = h('section', {class: 'stats', 'aria-label': 'Statistics'}, this.toggle, this.figures);
        const remembered = this.remembered();
        this.collapse(remembered ? remembered === 'collapsed' : matchMedia(PHONE).matches, false);
    }

    /**
     * Hides or shows the figures; the choice lasts for this tab only (sessionStorage), like a scroll position.
     * Until one is made they are hidden on a phone, where the list needs the height, and shown on wider screens.
     */
    collapse(collapsed, remember = true) {
        this.figures.hidden = collapsed;
        this.toggle.setAttribute('aria-expanded', String(!collapsed));
        this.toggle.textContent = collapsed ? 'Show statistics' : 'Hide statistics';
        if (remember) {
            try {
                this.storage.setItem(STATS_KEY, collapsed ? 'collapsed' : 'shown');
            } catch {
                // storage refused (private mode): the choice lasts until the page reloads
            }
        }
    }

    remembered() {
        try {
            return this.storage.getItem(STATS_KEY);
        } catch {
            return null;
        }
    }

    show(stats) {
        for (const [key, node] of Object.entries(this.values)) {
            node.textContent = number(stats[key]);
        }
    }
}
