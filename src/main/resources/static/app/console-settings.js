// The console's settings: one panel per section of settings-sections.js, each with its own form and Save. A change
// is checked and audited by the server and takes effect at once (nothing is cached in the app or the server).

import {consolePage, panel} from './console-ui.js';
import {SETTINGS_SECTIONS} from './settings-sections.js';
import {h, replaceChildren} from '../shared/dom.js';

export async function settingsPage(me) {
    const sections = SETTINGS_SECTIONS.map(section => {
        const body = h('div', {class: 'settings-body'}, h('p', {role: 'status'}, 'Loading…'));
        Promise.resolve(section.render(me)).then(content => replaceChildren(body, content),
            error => replaceChildren(body, h('p', {class: 'error', role: 'alert'}, error.message)));
        return h('div', {class: 'settings-section', id: `settings-${section.id}`}, panel(section.title, body));
    });
    return consolePage('Settings', h('nav', {class: 'settings-toc', 'aria-label': 'Settings sections'},
        h('ul', {}, SETTINGS_SECTIONS.map(s => h('li', {}, h('a', {href: `#/console/settings`, dataset: {section: s.id},
            onClick: event => {
                event.preventDefault();
                document.getElementById(`settings-${s.id}`)?.scrollIntoView();
            }}, s.title))))), sections);
}
