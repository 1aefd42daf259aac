// Settings: single sign-on — the organisation's OpenID Connect provider (Entra ID, Okta, Keycloak, Google
// Workspace), which of its groups may use CareChat and with which role, and how accounts are found or made. The
// client secret is write-only: the server never sends it back, so the field stays empty unless it is being replaced.

import {actionForm, labelled, statusLine} from './console-ui.js';
import {api} from '../shared/api.js';
import {h} from '../shared/dom.js';

export const ssoSection = {
    id: 'sso',
    title: 'Single sign-on',
    async render() {
        const sso = await api('GET', '/api/v1/orgs/current/sso');
        const status = statusLine();
        const enabled = checkbox('Staff can sign in through the identity provider', 'sso-enabled', sso.enabled);
        const displayName = labelled('Name on the sign-in button', {id: 'sso-display-name', maxlength: 60,
            value: sso.displayName, placeholder: 'Hospital Login'}, {hint: 'Shown as "Sign in with <name>".'});
        const issuer = labelled('Issuer URL', {id: 'sso-issuer', maxlength: 300, value: sso.issuer,
            autocomplete: 'off', spellcheck: 'false'}, {hint: 'From the provider\'s OpenID Connect metadata, e.g. '
            + 'https://login.microsoftonline.com/<tenant id>/v2.0 or https://keycloak.example/realms/<realm>.'});
        const clientId = labelled('Client id', {id: 'sso-client-id', maxlength: 200, value: sso.clientId,
            autocomplete: 'off', spellcheck: 'false'});
        const secret = labelled('Client secret', {id: 'sso-client-secret', type: 'password', maxlength: 500,
            autocomplete: 'new-password'}, {hint: sso.clientSecretSet
            ? 'A secret is stored and is never shown. Leave this empty to keep it, or type a new one to replace it.'
            : 'The secret the provider issued for CareChat. It is stored encrypted and never shown again.'});
        const groupsClaim = labelled('Groups claim', {id: 'sso-groups-claim', maxlength: 100,
            value: sso.groupsClaim, spellcheck: 'false'}, {hint: 'The ID token claim listing the person\'s groups '
            + 'or roles: groups (Entra ID, Okta), or the name of a Keycloak groups mapper.'});
        const groupRoles = labelled('Groups allowed to use CareChat, one per line: group = role',
            {id: 'sso-group-roles', rows: 4, spellcheck: 'false'},
            {tag: 'textarea', hint: 'Roles: admin, clinician, nurse, staff. Someone in several groups gets the most '
                + 'capable role; someone in none is refused.'});
        groupRoles.input.value = Object.entries(sso.groupRoles).map(([group, role]) => `${group} = ${role}`)
            .join('\n');
        const provision = checkbox('Create an account at a person\'s first sign-in', 'sso-provision',
            sso.provisionAccounts);
        const linkByEmail = checkbox('Link a first sign-in to the account whose username is the person\'s '
            + 'verified e-mail address', 'sso-link-email', sso.linkByEmail);
        const passwordOff = checkbox('Staff linked to the provider cannot sign in with a password',
            'sso-password-off', sso.passwordSignInOff);
        const requireMfa = checkbox('Require a second factor at the provider (reported in the amr claim)',
            'sso-require-mfa', sso.requireMfa);
        const rolesFollow = checkbox('Roles follow the provider\'s groups at every sign-in (otherwise a role is '
            + 'set when the account is made and changed here afterwards)', 'sso-roles-follow-groups',
            sso.rolesFollowGroups);
        const redirect = h('p', {class: 'hint', id: 'sso-redirect-uri'},
            'Redirect URI to register at the provider: ', h('code', {}, sso.redirectUri));
        const fields = [redirect, enabled.wrap, displayName.wrap, issuer.wrap, clientId.wrap, secret.wrap,
            groupsClaim.wrap, groupRoles.wrap, provision.wrap, linkByEmail.wrap, passwordOff.wrap, requireMfa.wrap,
            rolesFollow.wrap];
        return h('div', {}, actionForm('Save', fields, async () => {
            const saved = await api('PUT', '/api/v1/orgs/current/sso', {
                enabled: enabled.input.checked,
                displayName: displayName.input.value.trim(),
                issuer: issuer.input.value.trim(),
                clientId: clientId.input.value.trim(),
                clientSecret: secret.input.value || null,
                groupsClaim: groupsClaim.input.value.trim(),
                groupRoles: parseGroupRoles(groupRoles.input.value),
                provisionAccounts: provision.input.checked,
                linkByEmail: linkByEmail.input.checked,
                passwordSignInOff: passwordOff.input.checked,
                requireMfa: requireMfa.input.checked,
                rolesFollowGroups: rolesFollow.input.checked,
            });
            secret.input.value = '';
            status.say(saved.enabled
                ? 'Saved. The sign-in page offers "Sign in with ' + saved.displayName + '" from now on.'
                : 'Saved. Single sign-on is off: staff sign in with their passwords.');
        }), status.element);
    },
};

function checkbox(label, id, checked) {
    return labelled(label, {id, type: 'checkbox', checked});
}

/** "group = role" lines to {group: role}; a line without "=" is refused here, naming it. */
function parseGroupRoles(text) {
    const mapping = {};
    text.split('\n').map(line => line.trim()).filter(Boolean).forEach((line, index) => {
        const at = line.lastIndexOf('=');
        if (at <= 0) {
            throw new Error(`Line ${index + 1} of the groups needs the form "group = role"`);
        }
        mapping[line.slice(0, at).trim()] = line.slice(at + 1).trim().toLowerCase();
    });
    return mapping;
}
