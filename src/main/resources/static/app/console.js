// The admin console: a page of the staff app (#/console/<page>) with its own navigation. Each page is a module that
// returns its element and reads what it shows when it opens; the live link and the unread badge go on meanwhile.

import {auditPage} from './console-audit.js';
import {patientsPage} from './console-patients.js';
import {peoplePage} from './console-people.js';
import {reportsPage} from './console-reports.js';
import {settingsPage} from './console-settings.js';
import {systemPage} from './console-system.js';
import {teamsPage} from './console-teams.js';
import {h, replaceChildren} from '../shared/dom.js';

/** The console's pages, in the order of its navigation: the address (#/console/<id>), the name, the module. */
export const CONSOLE_PAGES = [
    {id: 'people', name: 'Staff', open: peoplePage},
    {id: 'patients', name: 'Patients', open: patientsPage},
    {id: 'teams', name: 'Care teams', open: teamsPage},
    {id: 'settings', name: 'Settings', open: settingsPage},
    {id: 'audit', name: 'Audit', open: auditPage},
    {id: 'reports', name: 'Reports', open: reportsPage},
    {id: 'system', name: 'System', open: systemPage},
];

/** The console with `pageId` open (the first page when unknown). */
export function consoleView(me, pageId) {
    const page = CONSOLE_PAGES.find(p => p.id === pageId) || CONSOLE_PAGES[0];
    const body = h('div', {class: 'console-body'}, h('p', {role: 'status'}, 'Loading…'));
    const element = h('div', {class: 'console'},
        h('nav', {class: 'console-nav', 'aria-label': 'Admin console'},
            h('ul', {}, CONSOLE_PAGES.map(p => h('li', {},
                h('a', {href: `#/console/${p.id}`, 'aria-current': p === page ? 'page' : false}, p.name))))),
        body);
    Promise.resolve(page.open(me)).then(content => {
        replaceChildren(body, content);
        content.querySelector('.console-title')?.focus();
    }, error => replaceChildren(body, h('p', {class: 'error', role: 'alert'}, error.message)));
    return element;
}
