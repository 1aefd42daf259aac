// @mentions in the message box: typing "@" and the start of a member's name offers the members whose name (or a
// word of it) starts so; choosing one (click, Enter or Tab) writes "@Name " and remembers the member's id. A message
// mentions those of the chosen members whose "@Name" is still in its text when it is sent.

import {h, replaceChildren} from './dom.js';

const SHOWN = 6;
const QUERY = /(?:^|\s)@([^\s@][^@\n]{0,29})?$/u;

let pickers = 0;

export class MentionPicker {

    /** @param input the message box; @param members () -> [{userId, displayName}] who may be mentioned */
    constructor(input, members) {
        this.input = input;
        this.members = members;
        this.chosen = new Map(); // "@Name" -> userId
        this.matches = [];
        this.active = 0;
        this.id = `mentions-${++pickers}`;
        this.list = h('ul', {class: 'mention-list', id: this.id, role: 'listbox', 'aria-label': 'Members to mention',
            hidden: true});
        input.setAttribute('aria-autocomplete', 'list');
        input.setAttribute('aria-controls', this.id);
        input.addEventListener('input', () => this.update());
        input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    }

    get open() {
        return !this.list.hidden;
    }

    /**
     * A key in the message box: arrows move through the offer, Enter or Tab chooses, Escape closes it.
     * @returns true when the key was the picker's (the box must not act on it)
     */
    key(event) {
        if (!this.open) {
            return false;
        }
        const moves = {ArrowDown: 1, ArrowUp: -1};
        if (event.key in moves) {
            this.active = (this.active + moves[event.key] + this.matches.length) % this.matches.length;
            this.render();
        } else if (event.key === 'Enter' || event.key === 'Tab') {
            this.choose(this.matches[this.active]);
        } else if (event.key === 'Escape') {
            this.close();
        } else {
            return false;
        }
        event.preventDefault();
        return true;
    }

    /** The ids of the members the text mentions, of those chosen; forgets the choices (the message is sent). */
    take(text) {
        const ids = [...this.chosen].filter(([label]) => text.includes(label)).map(([, id]) => id);
        this.chosen.clear();
        this.close();
        return [...new Set(ids)];
    }

    update() {
        const query = this.query();
        if (query === null) {
            this.close();
            return;
        }
        const q = query.toLowerCase();
        this.matches = this.members().filter(m => m.displayName && (m.displayName.toLowerCase().startsWith(q)
            || m.displayName.toLowerCase().split(/\s+/).some(word => word.startsWith(q)))).slice(0, SHOWN);
        this.active = 0;
        if (this.matches.length === 0) {
            this.close();
            return;
        }
        this.list.hidden = false;
        this.render();
    }

    /** The text typed after "@" up to the caret, or null when the caret is not in a mention. */
    query() {
        const before = this.input.value.slice(0, this.input.selectionStart);
        const match = before.match(QUERY);
        return match ? match[1] ?? '' : null;
    }

    render() {
        replaceChildren(this.list, this.matches.map((m, i) => h('li', {role: 'option', id: `${this.id}-${i}`,
            class: 'mention-option', 'aria-selected': String(i === this.active),
            onMousedown: event => event.preventDefault(), onClick: () => this.choose(m)}, m.displayName)));
        this.input.setAttribute('aria-activedescendant', `${this.id}-${this.active}`);
    }

    choose(member) {
        const caret = this.input.selectionStart;
        const before = this.input.value.slice(0, caret);
        const at = before.lastIndexOf('@');
        const label = `@${member.displayName}`;
        this.input.value = `${before.slice(0, at)}${label} ${this.input.value.slice(caret)}`;
        const end = at + label.length + 1;
        this.input.setSelectionRange(end, end);
        this.chosen.set(label, member.userId);
        this.close();
        this.input.dispatchEvent(new Event('input')); // the draft and the send button follow
        this.input.focus();
    }

    close() {
        this.list.hidden = true;
        this.input.removeAttribute('aria-activedescendant');
    }
}
