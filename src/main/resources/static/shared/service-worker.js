// Registers an app's service worker (it caches only the app's own files; the staff app's also shows push alerts).
// A browser without service workers, or one that refuses (private mode), runs the app as before.

export async function registerServiceWorker(path, scope) {
    if (!('serviceWorker' in navigator)) {
        return null;
    }
    try {
        return await navigator.serviceWorker.register(path, {scope});
    } catch (refused) {
        return null;
    }
}
