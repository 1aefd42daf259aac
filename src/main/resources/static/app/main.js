// Entry point: sign in (or find the current session), then start the app. The session is asked for first, while the
// app's modules arrive (the page preloads them all): on a phone the round trip to the server then overlaps their
// download instead of following it.

import {warmUpFormats} from '../shared/format.js';
import {boot, currentSession} from '../shared/session.js';

const asked = currentSession();
asked.catch(() => {}); // a failure is handled where it is awaited, once the modules are there
warmUpFormats(); // ICU's data loaded in a worker while the modules arrive and the main thread waits
openStorage();

boot('/', async (root, notice) => {
    const [{signIn}, {startApp}] = await Promise.all([import('./sign-in.js'), import('./app.js')]);
    const session = await signIn(root, notice, asked);
    if (session.user.role === 'patient') {
        location.replace('/patient/'); // a patient's session belongs in the patient app
        return;
    }
    startApp(root, session);
});

/**
 * A page's first read of `localStorage` and of `sessionStorage` opens each (a blocking call to the browser); the app
 * reads both as it builds its first screen (the alerts' setting, whether the statistics are collapsed). Opened here,
 * while the main thread waits for the modules, that wait is not added to the task that builds the first screen.
 */
function openStorage() {
    try {
        void localStorage.length;
        void sessionStorage.length;
    } catch {
        // storage refused (private mode, a policy): the app reads around it
    }
}
