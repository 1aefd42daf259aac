// Starting an app: the page's root, the "You have signed out" notice after a sign-out, and the current session.

import {api, ApiError} from './api.js';

/**
 * Runs `start(root, notice)` in the page's #app element; `notice` is a sentence for the sign-in page after a
 * sign-out (the hash `#signed-out`, then taken off the address `home`). A failure to start is said in the page.
 */
export async function boot(home, start) {
    const root = document.getElementById('app');
    const notice = location.hash === '#signed-out' ? 'You have signed out.' : null;
    if (notice) {
        history.replaceState(null, '', home);
    }
    try {
        await start(root, notice);
    } catch (error) {
        root.textContent = `CareChat could not start: ${error.message}`;
    }
}

/** The session answer when this browser is signed in, else null. */
export async function currentSession() {
    try {
        return await api('GET', '/api/v1/auth/me', undefined, {anonymous: true});
    } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
            return null;
        }
        throw error;
    }
}
