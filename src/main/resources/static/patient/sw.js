// The patient app's service worker (scope /patient/): keeps the app's own files for a start without a network.
// It never stores an API answer, a message or a credential: only GET requests for the patient app's files and the
// shared ones are cached, network first.

const CACHE = 'carechat-patient-files';
const OWN_FILES = /^\/patient\/([\w.-]+\.(js|css|webmanifest))?$|^\/shared\/[\w.-]+\.(js|css|svg|png)$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
    const url = new URL(event.request.url);
    if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.search
        || !OWN_FILES.test(url.pathname)) {
        return;
    }
    event.respondWith((async () => {
        try {
            const response = await fetch(event.request);
            const type = response.headers.get('Content-Type') || '';
            if (response.ok && response.type === 'basic' && !type.includes('json')) {
                const copy = response.clone();
                caches.open(CACHE).then(cache => cache.put(event.request, copy));
            }
            return response;
        } catch (offline) {
            return (await caches.match(event.request)) || Response.error();
        }
    })());
});
