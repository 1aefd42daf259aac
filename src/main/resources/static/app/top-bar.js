// The top bar: the navigation with its unread badge, the connection indicator, and the user's actions.

import {h, icon} from '../shared/dom.js';

const CONNECTION_TEXT = {connected: 'Connected', connecting: 'Connecting…', offline: 'Not connected'};

export class TopBar {
    /** @param extraNav navigation links after "Messages" (contact requests) */
    constructor({me, alertsButton, statusSelector, onNewConversation, onSignOut, extraNav = []}) {
        this.badge = h('span', {class: 'badge', hidden: true});
        this.connection = h('span', {class: 'connection', role: 'status', dataset: {status: 'connecting'}},
            h('span', {class: 'connection-dot', 'aria-hidden': 'true'}), h('span', {class: 'connection-text'}));
        this.element = h('header', {class: 'topbar'},
            h('span', {class: 'brand'}, 'CareChat'),
            h('nav', {class: 'main-nav', 'aria-label': 'Main'},
                this.messagesLink = h('a', {href: '#/', 'aria-current': 'page', class: 'nav-messages'}, 'Messages',
                    this.badge),
                extraNav),
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

    /** Marks the navigation link of the part shown (`link`: one of the extra links, or null for "Messages"). */
    showCurrent(link) {
        for (const a of this.element.querySelectorAll('.main-nav a')) {
            const current = link ? a === link : a === this.messagesLink;
            if (current) {
                a.setAttribute('aria-current', 'page');
            } else {
                a.removeAttribute('aria-current');
            }
        }
    }

    /** "Connected" only while the live link is synchronised; anything else means not connected. */
    showConnection(status) {
        this.connection.dataset.status = status;
        this.connection.querySelector('.connection-text').textContent = CONNECTION_TEXT[status];
    }
}
