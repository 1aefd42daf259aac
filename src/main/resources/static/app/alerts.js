// Alerts for a new message from someone else: an in-app notice and a short tone (unless the account's alert settings
// say no sound), plus a system notification while the page is in the background. On by default for staff (the
// account's preference); the one-time explanation of alerts (push-alerts.js) turns them on from a click, which lets
// the tone play. The button turns them off and on (and asks the browser's permission).
// Notifications name the sender only: no clinical content leaves the page.

import {h, icon} from '../shared/dom.js';

const STORAGE_KEY = 'carechat.alerts';
const SOUND_KEY = 'carechat.alerts.sound'; // the account's sound setting as last read here: known from the first message
const TOAST_MS = 5_000;

export class Alerts {
    /** @param onChange (enabled) => void, when the user turns alerts on or off with the button */
    constructor(onChange = () => {}) {
        this.onChange = onChange;
        this.enabled = localStorage.getItem(STORAGE_KEY) === 'on';
        // The account's alert settings: whether a new message's alert sounds. The server's answer comes after the
        // list; until then the value last read in this browser decides, and in a browser that never read it a new
        // message's tone waits for the answer, so the first moments after a start follow the setting too.
        const stored = localStorage.getItem(SOUND_KEY);
        this.sound = stored === null ? null : stored === 'on';
        this.soundKnown = new Promise(resolve => {
            this.knowSound = resolve;
        });
        if (this.sound !== null) {
            this.knowSound();
        }
        this.audio = null;
        this.toasts = h('div', {class: 'toasts', role: 'status', 'aria-live': 'polite'});
        this.button = h('button', {type: 'button', class: 'alerts-toggle', onClick: () => this.toggle()},
            icon('bell'), h('span', {class: 'alerts-label'}));
        this.showState();
    }

    /**
     * The account's preference (from the server): it decides in a browser where the button was never used, and
     * whenever the user saves it on the account page.
     */
    prefer(enabled, saved = false) {
        if (saved || localStorage.getItem(STORAGE_KEY) === null) {
            this.enabled = enabled;
            localStorage.setItem(STORAGE_KEY, enabled ? 'on' : 'off');
            this.showState();
        }
    }

    /** The one-time explanation's "Turn on alerts" (a click): alerts on, and the tone allowed from now on. */
    turnOn() {
        this.audioContext();
        if (!this.enabled) {
            this.enabled = true;
            localStorage.setItem(STORAGE_KEY, 'on');
            this.showState();
            this.onChange(true);
        }
    }

    /** Whether a new message's alert sounds (an urgent one always does). */
    setSound(sound) {
        this.sound = sound;
        localStorage.setItem(SOUND_KEY, sound ? 'on' : 'off');
        this.knowSound();
    }

    forgetSound() {
        localStorage.removeItem(SOUND_KEY);
    }

    /** The alert settings could not be read: alerts sound (the default) rather than wait. */
    soundUnknown() {
        this.sound ??= true;
        this.knowSound();
    }

    async toggle() {
        this.enabled = !this.enabled;
        localStorage.setItem(STORAGE_KEY, this.enabled ? 'on' : 'off');
        this.showState();
        this.onChange(this.enabled);
        if (this.enabled) {
            this.audioContext(); // created inside the click, so the browser lets it play later
            if ('Notification' in window && Notification.permission === 'default') {
                await Notification.requestPermission(); // system notifications while the page is hidden
            }
        }
    }

    showState() {
        this.button.setAttribute('aria-pressed', String(this.enabled));
        this.button.querySelector('.alerts-label').textContent = this.enabled ? 'Alerts on' : 'Alerts off';
    }

    /** A new message from `senderName` arrived in a conversation the user is not looking at. */
    newMessage(senderName, where) {
        if (!this.enabled) {
            return;
        }
        const toast = h('p', {class: 'toast'}, `New message from ${senderName || 'a colleague'}`,
            where ? h('span', {class: 'toast-where'}, ` in ${where}`) : null);
        this.toasts.appendChild(toast);
        setTimeout(() => toast.remove(), TOAST_MS);
        this.soundKnown.then(() => {
            toast.dataset.sound = this.sound && this.beep() ? 'played' : 'silent';
        });
        if (document.visibilityState === 'hidden' && 'Notification' in window
            && Notification.permission === 'granted') {
            new Notification('CareChat', {body: `New message from ${senderName || 'a colleague'}`, tag: 'carechat'});
        }
    }

    /**
     * An urgent message waits for acknowledgement: always shown (whether or not alerts are on), with its own
     * three-tone sound.
     */
    urgent(senderName) {
        const toast = h('p', {class: 'toast urgent-toast'}, `Urgent message from ${senderName || 'a colleague'}`);
        this.toasts.appendChild(toast);
        setTimeout(() => toast.remove(), TOAST_MS);
        toast.dataset.sound = this.beep([1046, 1046, 1318]) ? 'played' : 'silent';
    }

    audioContext() {
        if (!this.audio && window.AudioContext) {
            this.audio = new AudioContext();
        }
        this.audio?.resume();
        return this.audio;
    }

    /** Short tones (by default two, falling); false when the browser does not allow sound yet. */
    beep(frequencies = [880, 660]) {
        const audio = this.audioContext();
        if (!audio || audio.state !== 'running') {
            return false;
        }
        frequencies.map((frequency, i) => [i * 0.18, frequency]).forEach(([offset, frequency]) => {
            const tone = audio.createOscillator();
            const gain = audio.createGain();
            tone.frequency.value = frequency;
            gain.gain.setValueAtTime(0.15, audio.currentTime + offset);
            gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + offset + 0.15);
            tone.connect(gain).connect(audio.destination);
            tone.start(audio.currentTime + offset);
            tone.stop(audio.currentTime + offset + 0.16);
        });
        return true;
    }
}
