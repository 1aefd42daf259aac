// Push alerts for staff (docs/delivery.md "Push"): once the browser allows notifications, this device subscribes
// to Web Push with the server's key, so new and urgent messages reach it while the app is closed or the phone is
// locked. On by default: the first time, a short explanation comes before the browser's own permission prompt
// (asked only from a click, as browsers require); "Not now" is remembered on this device until sign-out, whose
// Clear-Site-Data empties the storage and removes the service worker (and with it the browser's subscription).

import {api} from '../shared/api.js';
import {openDialog} from '../shared/dialog.js';
import {afterNextFrame, h} from '../shared/dom.js';
import {registerServiceWorker} from '../shared/service-worker.js';

const ASKED_KEY = 'carechat.push-asked';

export class PushAlerts {
    /** @param onTurnOn () => void, called inside the click on "Turn on alerts" (the in-app alerts and their tone) */
    constructor({onTurnOn = () => {}} = {}) {
        this.onTurnOn = onTurnOn;
        this.registration = null;
    }

    /**
     * Registers the service worker, keeps an allowed device subscribed, and asks once where nobody has yet: the
     * explanation shows right after the app's first frame, without waiting for the registration (subscribing does).
     * Not in the task that lays the app out, and not modal: opened there with showModal() it made that task lay out
     * and restyle the whole page (inert behind the dialog), the start's longest task on a phone
     * (docs/performance.md, "The staff app's first start, traced").
     */
    async start() {
        this.registering = registerServiceWorker('/sw.js', '/');
        if (!this.supported()) {
            return;
        }
        if (Notification.permission === 'default' && !localStorage.getItem(ASKED_KEY)) {
            afterNextFrame(() => this.explain());
        }
        this.registration = await this.registering;
        if (this.registration && Notification.permission === 'granted') {
            await this.subscribe().catch(() => {});
        }
    }

    supported() {
        return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
    }

    explain() {
        const turnOn = h('button', {type: 'button', class: 'primary', id: 'push-turn-on'}, 'Turn on alerts');
        const notNow = h('button', {type: 'button', class: 'secondary', id: 'push-not-now'}, 'Not now');
        const {close} = openDialog({title: 'Alerts on this device', className: 'push-explain', modal: false,
            content: h('div', {},
            h('p', {}, 'CareChat can alert you to new and urgent messages even when the app is closed or your phone '
                + 'is locked. An urgent message stays on screen until you acknowledge it.'),
            h('p', {}, 'Alerts say who wrote, never what: no message text and no patient names. Your browser asks '
                + 'for permission next. You can change what alerts you in your account settings.'),
            h('div', {class: 'dialog-actions'}, notNow, turnOn))});
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
