// The patient app's entry point: find the current session, or register / sign in with a one-time code, then start.

import {startPatientApp} from './patient-app.js';
import {codeSignIn} from './sign-in.js';
import {setCsrfToken} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {registerServiceWorker} from '../shared/service-worker.js';
import {boot, currentSession} from '../shared/session.js';

registerServiceWorker('/patient/sw.js', '/patient/'); // installable; caches only the app's own files

boot('/patient/', async (root, notice) => {
    let session = await currentSession();
    if (session && session.user.role !== 'patient') {
        replaceChildren(root, h('main', {class: 'gate', id: 'main'}, h('div', {class: 'gate-card'},
            h('h1', {}, 'This is the app for patients'),
            h('p', {}, 'You are signed in as staff. ', h('a', {href: '/'}, 'Open the staff app')))));
        return;
    }
    if (!session) {
        session = await codeSignIn(root, notice);
    }
    setCsrfToken(session.csrfToken);
    await startPatientApp(root, session.user);
});
