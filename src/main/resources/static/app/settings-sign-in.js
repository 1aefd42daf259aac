// Settings: how staff and patients sign in — a second factor for staff, codes or passwords for patients.

import {actionForm, labelled, statusLine} from './console-ui.js';
import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';

export const signInSection = {
    id: 'sign-in',
    title: 'Sign-in',
    async render() {
        const org = await api('GET', '/api/v1/orgs/current');
        const status = statusLine();
        const secondFactor = labelled('Staff must sign in with a second factor (an authenticator app)',
            {id: 'org-require-second-factor', type: 'checkbox', checked: org.requireSecondFactor});
        const patientSignIn = labelled('Patients sign in', {id: 'org-patient-sign-in'}, {tag: 'select',
            options: [['code', 'with a new code each time (sent to their mobile or e-mail)'],
                ['password', 'with a password they choose (a code still works, as a reset)']]});
        patientSignIn.input.value = org.patientSignIn;
        return h('div', {}, actionForm('Save', [secondFactor.wrap, patientSignIn.wrap], async () => {
            await api('PATCH', '/api/v1/orgs/current', {requireSecondFactor: secondFactor.input.checked,
                patientSignIn: patientSignIn.input.value});
            status.say(secondFactor.input.checked
                ? 'Saved. Staff without a second factor set one up at their next step in the app.' : 'Saved.');
        }), status.element);
    },
};
