// Entry point: sign in (or find the current session), then start the app.

import {startApp} from './app.js';
import {signIn} from './sign-in.js';

async function boot() {
    const root = document.getElementById('app');
    const notice = location.hash === '#signed-out' ? 'You have signed out.' : null;
    if (notice) {
        history.replaceState(null, '', '/');
    }
    try {
        const session = await signIn(root, notice);
        if (session.user.role === 'patient') {
            location.replace('/patient/'); // a patient's session belongs in the patient app
            return;
        }
        startApp(root, session);
    } catch (error) {
        root.textContent = `CareChat could not start: ${error.message}`;
    }
}

boot();
