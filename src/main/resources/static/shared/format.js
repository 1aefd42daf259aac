// How dates, names and counts read in the app.

// Each formatter is made on its first use: building one costs milliseconds of ICU work (about 15 ms each on a phone
// for the six below), too much to pay for all of them while the app's modules are evaluated at start
// (docs/performance.md, "The staff app's first start, traced").
const timeFormat = once(() => new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit'}));
const dateTimeFormat = once(() => new Intl.DateTimeFormat(undefined, {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
}));
const shortDateFormat = once(() => new Intl.DateTimeFormat(undefined, {day: 'numeric', month: 'short'}));
const dayFormat = once(() => new Intl.DateTimeFormat(undefined,
    {weekday: 'long', day: 'numeric', month: 'long', year: 'numeric'}));
const DAY_MS = 86_400_000;
const dateFormat = once(() => new Intl.DateTimeFormat(undefined, {day: 'numeric', month: 'short', year: 'numeric'}));
const numberFormat = once(() => new Intl.NumberFormat()); // made once: toLocaleString() builds one per call

/**
 * Loads ICU's locale data off the page's main thread, as the app starts: a throwaway worker makes the formatters a
 * list row needs. ICU keeps that data for the whole renderer process, so the page's own first formatter then takes
 * about a millisecond instead of 20–60 ms (four times that on a phone), which was the longest task after the first
 * paint (docs/performance.md, "The staff app's first start, traced again"). If the worker is late or cannot start,
 * the page's first formatter loads the data itself, as before.
 */
export function warmUpFormats() {
    try {
        new Worker(new URL('./format-warm-up.js', import.meta.url)); // it closes itself once done
    } catch {
        // no workers here: formatters are made on first use
    }
}

/** A function returning what `make` returns, calling it only the first time. */
function once(make) {
    let made = null;
    return () => (made ??= make());
}

/** "12 Mar 2026, 14:05": the date and time shown on every message. */
export function dateTime(millis) {
    return dateTimeFormat().format(new Date(millis));
}

/** "12 Mar 2026": a day (when a conversation was purged). */
export function date(millis) {
    return dateFormat().format(new Date(millis));
}

/** "14:05": a time of day (when a status ends). */
export function timeOfDay(millis) {
    return timeFormat().format(new Date(millis));
}

/** "14:05" today, "12 Mar" before: the time of a list row. */
export function listTime(millis) {
    const date = new Date(millis);
    const today = new Date();
    const sameDay = date.getFullYear() === today.getFullYear() && date.getMonth() === today.getMonth()
        && date.getDate() === today.getDate();
    return sameDay ? timeFormat().format(date) : shortDateFormat().format(date);
}

/** The local day of a moment, as a key that is equal for two moments of the same day ("2026-11-30"). */
export function dayKey(millis) {
    const date = new Date(millis);
    return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/** "Today", "Yesterday", or "Monday 30 November 2026": a day separator in a thread. */
export function dayLabel(millis, now = Date.now()) {
    if (dayKey(millis) === dayKey(now)) {
        return 'Today';
    }
    if (dayKey(millis) === dayKey(now - DAY_MS)) {
        return 'Yesterday';
    }
    return dayFormat().format(new Date(millis));
}

/** "JB" for "John Bloggs"; "?" when there is no name. */
export function initials(name) {
    if (!name) {
        return '?';
    }
    const parts = name.trim().split(/\s+/).filter(Boolean);
    const letters = parts.length === 1 ? parts[0].slice(0, 2) : parts[0][0] + parts[parts.length - 1][0];
    return letters.toUpperCase();
}

export function plural(count, one, many) {
    return `${numberFormat().format(count)} ${count === 1 ? one : many}`;
}

export function number(count) {
    return numberFormat().format(count);
}

/** A client message id: random, so a retry of the same send carries the same id and a new send a new one. */
export function newClientMessageId() {
    if (crypto.randomUUID) {
        return crypto.randomUUID();
    }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
