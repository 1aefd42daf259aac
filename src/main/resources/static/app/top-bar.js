// The top bar: the navigation with its unread badge, the connection indicator, and the user's actions.

import {h, icon} from '../shared/dom.js';

const CONNECTION_TEXT = {connected: 'Connected', connecting: 'Connecting…', offline: 'Not connected'};

export class TopBar {
    constructor({me, alertsButton, statusSelector, onNewConversation, onSignOut}) {
        this.badge = h('span', {class: 'badge', hidden: true});
        this.connection = h('span', {class: 'connection', role: 'status', dataset: {status: 'connecting'}},
            h('span', {class: 'connection-dot', 'aria-hidden': 'true'}), h('span', {class: 'connection-text'}));
        this.element = h('header', {class: 'topbar'},
            h('span', {class: 'brand'}, 'CareChat'),
            h('nav', {class: 'main-nav', 'aria-label': 'Main'},
                h('a', {href: '#/', 'aria-current': 'page', class: 'nav-messages'}, 'Messages', this.badge)),
            this.connection,
            h('div', {class: 'topbar-actions'},
                h('button', {type: 'button', class: 'primary new-conversation', onClick: onNewConversation},
                    icon('plus'), h('span', {}, 'New conversation')),
                alertsButton,
                statusSelector,
                h('span', {class: 'me'}, me.displayName),
                h('button', {type: 'button', class: 'secondary sign-out', onClick: onSignOut}, 'Sign out')));
    }

    /** The badge on "Messages": unread messages over all conversations. */
    showUnread(unread) {
        this.badge.hidden = unread === 0;
        this.badge.textContent = String(unread);
        this.badge.setAttribute('aria-label', `${unread} unread`);
    }

    /** "Connected" only while the live link is synchronised; anything else means not connected. */
    showConnection(status) {
        this.connection.dataset.status = status;
        this.connection.querySelector('.connection-text').textContent = CONNECTION_TEXT[status];
    }
}
