// Entry point: sign in (or find the current session), then start the app.

import {startApp} from './app.js';
import {signIn} from './sign-in.js';
import {boot} from '../shared/session.js';

boot('/', async (root, notice) => {
    const session = await signIn(root, notice);
    if (session.user.role === 'patient') {
        location.replace('/patient/'); // a patient's session belongs in the patient app
        return;
    }
    startApp(root, session);
});
