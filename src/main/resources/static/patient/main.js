// The patient app's entry point: find the current session, or register / sign in with a one-time code, then start.

import {api, ApiError, setCsrfToken} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {startPatientApp} from './patient-app.js';
import {codeSignIn} from './sign-in.js';

async function boot() {
    const root = document.getElementById('app');
    const notice = location.hash === '#signed-out' ? 'You have signed out.' : null;
    if (notice) {
        history.replaceState(null, '', '/patient/');
    }
    try {
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
        startPatientApp(root, session.user);
    } catch (error) {
        root.textContent = `CareChat could not start: ${error.message}`;
    }
}

async function currentSession() {
    try {
        return await api('GET', '/api/v1/auth/me', undefined, {anonymous: true});
    } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
            return null;
        }
        throw error;
    }
}

boot();
