// Push alerts for staff (docs/delivery.md "Push"): once the browser allows notifications, this device subscribes
// to Web Push with the server's key, so new and urgent messages reach it while the app is closed or the phone is
// locked. On by default: the first time, once the first screen has settled, a short explanation comes before the
// browser's own permission prompt (asked only from a click, as browsers require); "Not now" is remembered on this
// device until sign-out, whose Clear-Site-Data empties the storage and removes the service worker (and with it the
// browser's subscription).

import {api} from '../shared/api.js';
import {openDialog} from '../shared/dialog.js';
import {h, whenIdle} from '../shared/dom.js';
import {registerServiceWorker} from '../shared/service-worker.js';

const ASKED_KEY = 'carechat.push-asked';
const EXPLAIN_IDLE_TIMEOUT_MS = 2_000;

export class PushAlerts {
    /**
     * @param onTurnOn () => void, called inside the click on "Turn on alerts" (the in-app alerts and their tone)
     * @param firstScreen resolves once the first screen is shown (the list read): the explanation waits for it
     * @param announce (text) => void, says something to a screen reader without moving focus
     */
    constructor({onTurnOn = () => {}, firstScreen = Promise.resolve(), announce = () => {}} = {}) {
        this.onTurnOn = onTurnOn;
        this.firstScreen = firstScreen;
        this.announce = announce;
        this.registration = null;
    }

    /**
     * Registers the service worker, keeps an allowed device subscribed, and asks once where nobody has yet. The
     * explanation waits until the first screen has settled — the list shown, then the browser idle (at most 2 s
     * more) — as browsers advise for a permission: asked once the user has the page in hand, not over a page still
     * arriving; and its first layout then no longer joins the start's (docs/decisions.md, "the alerts explanation
     * once the first screen has settled"). Subscribing waits for the registration only.
     */
    async start() {
        this.registering = registerServiceWorker('/sw.js', '/');
        if (!this.supported()) {
            return;
        }
        if (Notification.permission === 'default' && !localStorage.getItem(ASKED_KEY)) {
            this.firstScreen.then(() => whenIdle(() => this.explain(), EXPLAIN_IDLE_TIMEOUT_MS));
        }
        this.registration = await this.registering;
        if (this.registration && Notification.permission === 'granted') {
            await this.subscribe().catch(() => {});
        }
    }

    supported() {
        return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
    }

    /**
     * Opens the explanation, not modal. Focus moves into it if the user is not yet anywhere on the page; if they
     * already are (a search typed, a conversation opened), it stays there and a screen reader is told instead.
     */
    explain() {
        if (localStorage.getItem(ASKED_KEY)) {
            return; // answered meanwhile in another tab
        }
        const takeFocus = !document.activeElement || document.activeElement === document.body;
        const turnOn = h('button', {type: 'button', class: 'primary', id: 'push-turn-on'}, 'Turn on alerts');
        const notNow = h('button', {type: 'button', class: 'secondary', id: 'push-not-now'}, 'Not now');
        const {close} = openDialog({title: 'Alerts on this device', className: 'push-explain', modal: false, takeFocus,
            content: h('div', {},
            h('p', {}, 'CareChat can alert you to new and urgent messages even when the app is closed or your phone '
                + 'is locked. An urgent message stays on screen until you acknowledge it.'),
            h('p', {}, 'Alerts say who wrote, never what: no message text and no patient names. Your browser asks '
                + 'for permission next. You can change what alerts you in your account settings.'),
            h('div', {class: 'dialog-actions'}, notNow, turnOn))});
        if (!takeFocus) {
            this.announce('Alerts on this device: a question is open at the end of the page.');
        }
        turnOn.addEventListener('click', async () => {
            localStorage.setItem(ASKED_KEY, 'yes');
            close();
            this.onTurnOn();
            if (await Notification.requestPermission() === 'granted') {
                this.registration = await this.registering;
                await this.subscribe().catch(() => {}); // none without a registration
            }
        });
        notNow.addEventListener('click', () => {
            localStorage.setItem(ASKED_KEY, 'not-now');
            close();
        });
    }

    /** Subscribes this device (or renews its subscription) and tells the server, tied to this session. */
    async subscribe() {
        const {publicKey} = await api('GET', '/api/v1/push/key');
        const manager = this.registration.pushManager;
        let subscription = await manager.getSubscription();
        if (subscription && !sameKey(subscription, publicKey)) {
            await subscription.unsubscribe();
            subscription = null;
        }
        if (!subscription) {
            subscription = await manager.subscribe({userVisibleOnly: true, applicationServerKey: bytes(publicKey)});
        }
        const {endpoint, keys} = subscription.toJSON();
        await api('PUT', '/api/v1/push/subscription', {endpoint, keys: {p256dh: keys.p256dh, auth: keys.auth}});
    }
}

function sameKey(subscription, publicKey) {
    const key = subscription.options && subscription.options.applicationServerKey;
    return !key || base64url(new Uint8Array(key)) === publicKey;
}

function bytes(base64urlText) {
    const base64 = base64urlText.replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(base64 + '='.repeat((4 - base64.length % 4) % 4)), c => c.charCodeAt(0));
}

function base64url(array) {
    return btoa(String.fromCharCode(...array)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
