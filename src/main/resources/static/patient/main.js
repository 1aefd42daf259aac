// The patient app's entry point: find the current session, or register / sign in with a one-time code, then start.
// The session, and for a signed-in patient the practice's profile, are asked for first, while the app's modules
// arrive (the page preloads them all): on a phone those round trips then overlap their download.

import {api, setCsrfToken} from '../shared/api.js';
import {h, replaceChildren} from '../shared/dom.js';
import {warmUpFormats} from '../shared/format.js';
import {registerServiceWorker} from '../shared/service-worker.js';
import {boot, currentSession} from '../shared/session.js';

registerServiceWorker('/patient/sw.js', '/patient/'); // installable; caches only the app's own files

const asked = currentSession();
asked.catch(() => {}); // a failure is handled where it is awaited, once the modules are there
const practice = asked.then(session => (session?.user.role === 'patient' ? practiceProfile() : null), () => null);
warmUpFormats(); // ICU's data loaded in a worker while the modules arrive and the main thread waits

boot('/patient/', async (root, notice) => {
    const [{startPatientApp}, {codeSignIn}] = await Promise.all([import('./patient-app.js'), import('./sign-in.js')]);
    let session = await asked;
    if (session && session.user.role !== 'patient') {
        replaceChildren(root, h('main', {class: 'gate', id: 'main'}, h('div', {class: 'gate-card'},
            h('h1', {}, 'This is the app for patients'),
            h('p', {}, 'You are signed in as staff. ', h('a', {href: '/'}, 'Open the staff app')))));
        return;
    }
    let profile = await practice;
    if (!session) {
        session = await codeSignIn(root, notice);
        profile = await practiceProfile();
    }
    setCsrfToken(session.csrfToken);
    startPatientApp(root, session.user, profile);
});

/**
 * The practice's name and notices, read before the page is laid out so that it is laid out once: shown after it
 * arrived, they would push the list down under the patient's finger. Null when they cannot be read (the app works
 * without them; the session check shows a session that has ended).
 */
async function practiceProfile() {
    try {
        return await api('GET', '/api/v1/orgs/current/profile');
    } catch (error) {
        return null;
    }
}
