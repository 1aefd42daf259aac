// The staff app's service worker (scope /): keeps the app's own files for a start without a network, and shows
// Web Push alerts (docs/delivery.md "Push"). It never stores an API answer, a message or a credential: only GET
// requests for the app's files (/, /index.html, /app/…, /shared/…) are cached, network first.
// A push says who wrote at most; the app reads the messages itself once opened.

const CACHE = 'carechat-app-files';
const OWN_FILES = /^\/(index\.html)?$|^\/(app|shared)\/[\w.-]+\.(js|css|svg|png|webmanifest)$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
    const url = new URL(event.request.url);
    if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.search
        || !OWN_FILES.test(url.pathname)) {
        return; // the browser fetches it as usual: never cached here
    }
    event.respondWith(fromNetworkKeepingACopy(event.request));
});

async function fromNetworkKeepingACopy(request) {
    try {
        const response = await fetch(request);
        const type = response.headers.get('Content-Type') || '';
        if (response.ok && response.type === 'basic' && !type.includes('json')) {
            const copy = response.clone();
            caches.open(CACHE).then(cache => cache.put(request, copy));
        }
        return response;
    } catch (offline) {
        return (await caches.match(request)) || Response.error();
    }
}

self.addEventListener('push', event => {
    let data = {};
    try {
        data = event.data ? event.data.json() : {};
    } catch (unreadable) {
        data = {};
    }
    event.waitUntil(showPush(data));
});

/** Shows (or, for `clear`, closes) the notification a push asks for. */
async function showPush(data) {
    if (data.kind === 'clear') {
        const shown = await self.registration.getNotifications({tag: data.tag});
        shown.forEach(notification => notification.close());
        return;
    }
    const urgent = data.kind === 'urgent';
    const silent = Boolean(data.silent) && !urgent;
    const options = {
        body: data.body || 'New message',
        tag: data.tag || 'carechat',
        renotify: !silent, // a repeated urgent push alerts again; a silent one only replaces the old notification
        requireInteraction: urgent,
        silent,
        icon: '/shared/icons/icon-192.png',
        badge: '/shared/icons/icon-192.png',
        data: {kind: data.kind, c: data.c, seq: data.seq},
    };
    if (urgent) {
        options.actions = [{action: 'acknowledge', title: 'Acknowledge'}, {action: 'open', title: 'Open'}];
    }
    await self.registration.showNotification(data.title || 'CareChat', options);
}

self.addEventListener('notificationclick', event => {
    event.waitUntil(clickNotification(event.notification, event.action));
});

/**
 * A click on a notification or one of its buttons. Acknowledge acknowledges the urgent message without opening
 * the app: the same REST call as the app, with the session cookie (same origin) and the session's CSRF token, read
 * from /api/v1/auth/me at that moment and never stored (docs/decisions.md). When that fails (signed out, offline),
 * the app opens on the conversation instead.
 */
async function clickNotification(notification, action) {
    const {kind, c, seq} = notification.data || {};
    notification.close();
    if (action === 'acknowledge' && kind === 'urgent' && c && seq !== undefined) {
        if (await acknowledge(c, seq)) {
            return;
        }
    }
    await openApp(c);
}

async function acknowledge(c, seq) {
    try {
        const me = await fetch('/api/v1/auth/me', {credentials: 'same-origin', cache: 'no-store'});
        const csrfToken = me.ok ? (await me.json()).csrfToken : null;
        if (!csrfToken) {
            return false;
        }
        const done = await fetch(`/api/v1/conversations/${encodeURIComponent(c)}/messages/${Number(seq)}/acknowledge`,
            {method: 'POST', credentials: 'same-origin', cache: 'no-store', headers: {'X-CSRF-Token': csrfToken}});
        return done.ok;
    } catch (offline) {
        return false;
    }
}

async function openApp(c) {
    const hash = c ? `#/c/${encodeURIComponent(c)}` : '#/';
    const windows = await self.clients.matchAll({type: 'window', includeUncontrolled: true});
    const app = windows.find(w => new URL(w.url).pathname === '/');
    if (app) {
        await app.focus();
        return app.navigate ? app.navigate(`/${hash}`) : undefined;
    }
    return self.clients.openWindow(`/${hash}`);
}
