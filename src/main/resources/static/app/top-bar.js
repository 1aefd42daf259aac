// The top bar: the navigation with its unread badge, the connection indicator, and the user's actions. Its frame is
// made with the first screen; what sits behind "More" on a phone (alerts, status, sign-out) may be made a frame later.

import {h, icon} from '../shared/dom.js';

const CONNECTION_TEXT = {connected: 'Connected', connecting: 'Connecting…', offline: 'Not connected'};

export class TopBar {
    /**
     * @param moreItems () => the nodes behind "More" (the alerts button, the status selector), made by `fillMore`
     * @param extraNav navigation links after "Messages" (contact requests), each with its `data-section`
     */
    constructor({me, moreItems, onNewConversation, onSignOut, extraNav = []}) {
        this.me = me;
        this.moreItems = moreItems;
        this.onSignOut = onSignOut;
        this.section = 'messages'; // the link marked current below
        this.badge = h('span', {class: 'badge', hidden: true});
        this.connection = h('span', {class: 'connection', role: 'status', dataset: {status: 'connecting'}},
            h('span', {class: 'connection-dot', 'aria-hidden': 'true'}), h('span', {class: 'connection-text'}));
        this.element = h('header', {class: 'topbar'},
            h('span', {class: 'brand'}, 'CareChat'),
            h('nav', {class: 'main-nav', 'aria-label': 'Main'},
                h('a', {href: '#/', 'aria-current': 'page', class: 'nav-messages', dataset: {section: 'messages'}},
                    'Messages', this.badge),
                extraNav,
                me.role === 'admin' ? h('a', {href: '#/console/people', class: 'nav-console',
                    dataset: {section: 'console'}}, 'Admin console') : null,
                h('a', {href: '#/account', class: 'nav-account', dataset: {section: 'account'}}, 'Account')),
            this.connection,
            h('div', {class: 'topbar-actions'},
                h('button', {type: 'button', class: 'primary new-conversation', onClick: onNewConversation},
                    icon('plus'), h('span', {}, 'New conversation')),
                this.moreToggle(),
                this.moreHolder = h('div', {class: 'topbar-more', id: 'topbar-more'})));
        this.element.addEventListener('keydown', event => {
            if (event.key === 'Escape' && this.element.classList.contains('more-open')) {
                this.showMore(false);
                this.more.focus();
            }
        });
    }

    /**
     * On a phone the alerts, status, forwarding and sign-out sit behind "More", so the conversation list starts
     * near the top of the screen; on a wider screen the button is not shown and they are always in view.
     */
    moreToggle() {
        this.more = h('button', {type: 'button', class: 'secondary topbar-more-toggle', 'aria-expanded': 'false',
            'aria-controls': 'topbar-more', onClick: () => this.showMore(!this.element.classList.contains('more-open'))},
        'More');
        return this.more;
    }

    /**
     * Makes what sits behind "More", once; until then its holder is empty. Where it is in view (a wider screen) the
     * app calls this with the first screen; on a phone, where "More" hides it, after the first frame — and opening
     * "More" makes it at once if that has not come yet.
     */
    fillMore() {
        if (this.moreHolder.firstChild) {
            return;
        }
        this.moreHolder.append(...this.moreItems(),
            h('span', {class: 'me'}, this.me.displayName),
            h('button', {type: 'button', class: 'secondary sign-out', onClick: this.onSignOut}, 'Sign out'));
    }

    showMore(open) {
        if (open) {
            this.fillMore();
        }
        this.element.classList.toggle('more-open', open);
        this.more.setAttribute('aria-expanded', String(open));
    }

    /** The badge on "Messages": unread messages over all conversations. */
    showUnread(unread) {
        this.badge.hidden = unread === 0;
        this.badge.textContent = String(unread);
        this.badge.setAttribute('aria-label', `${unread} unread`);
    }

    /** Marks the navigation link of the section shown: 'messages', 'requests', 'console' or 'account'. */
    showSection(section) {
        if (section === this.section) {
            return;
        }
        this.section = section;
        this.element.querySelectorAll('.main-nav a').forEach(link => {
            if (link.dataset.section === section) {
                link.setAttribute('aria-current', 'page');
            } else {
                link.removeAttribute('aria-current');
            }
        });
    }

    /** "Connected" only while the live link is synchronised; anything else means not connected. */
    showConnection(status) {
        this.connection.dataset.status = status;
        this.connection.querySelector('.connection-text').textContent = CONNECTION_TEXT[status];
    }
}
