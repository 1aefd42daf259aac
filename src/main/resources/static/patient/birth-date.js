// Date of birth as three boxes — day, month, year — which every phone's number pad fills quickly and nobody has to
// scroll a calendar back decades for; the server is given one ISO date (yyyy-mm-dd).

import {h} from '../shared/dom.js';

const PARTS = [
    {id: 'birth-day', label: 'Day', autocomplete: 'bday-day', maxlength: 2, size: 2},
    {id: 'birth-month', label: 'Month', autocomplete: 'bday-month', maxlength: 2, size: 2},
    {id: 'birth-year', label: 'Year', autocomplete: 'bday-year', maxlength: 4, size: 4},
];

/**
 * @return {wrap, focus(), value()}: `value()` is the ISO date, or throws an Error whose message says what to correct
 *         (shown as the form's refusal) when the three boxes do not make a real date
 */
export function birthDateField() {
    const inputs = PARTS.map(({id, autocomplete, maxlength, size}) => h('input', {id, name: id, type: 'text',
        inputmode: 'numeric', pattern: '[0-9]*', autocomplete, maxlength, size, required: true,
        'aria-describedby': 'birth-date-hint'}));
    const [day, month, year] = inputs;
    const wrap = h('fieldset', {class: 'birth-date'},
        h('legend', {}, 'Date of birth'),
        h('p', {class: 'hint', id: 'birth-date-hint'}, 'For example 12 4 1956'),
        h('div', {class: 'birth-date-parts'}, PARTS.map((part, i) => h('div', {class: `field ${part.id}`},
            h('label', {for: part.id}, part.label), inputs[i]))));
    return {
        wrap,
        focus: () => day.focus(),
        value() {
            const [d, m, y] = [day, month, year].map(input => Number(input.value.trim()));
            const date = new Date(Date.UTC(y, m - 1, d));
            const real = Number.isInteger(d) && Number.isInteger(m) && Number.isInteger(y) && y >= 1900
                && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
            if (!real) {
                throw new Error('Enter your date of birth as day, month and year in numbers, for example 12 4 1956.');
            }
            return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        },
    };
}
