// The REST API of the CareChat server: JSON in and out, the session's CSRF token on every changing request,
// RFC 9457 problem details turned into errors whose message is the server's sentence for a person.
//
// Every request ends within a time limit (docs/web-apps.md, "Requests that get no answer"): on a Wi-Fi that drops
// packets, or with a server that stopped answering, a fetch would otherwise wait for minutes with its button busy.
// A request not answered in time is aborted and fails like one cut off (status 0), with a sentence that says what
// may have happened: a read changed nothing; a change may or may not have been made.

let csrfToken = null;
let onSessionEnded = () => {};
const limits = {
    requestMs: 30_000, // an API call, its answer read to the end
    uploadBytesPerSecond: 32_000, // a file sent gets requestMs plus its size at this pace (256 kbit/s)
};

/** An answer that was not a success: `status`, the problem's `detail` as message, `retryAfter` seconds for 429. */
export class ApiError extends Error {
    constructor(status, detail, retryAfter) {
        super(detail);
        this.status = status;
        this.retryAfter = retryAfter;
    }
}

export function setCsrfToken(token) {
    csrfToken = token;
}

/** Changes the time limits: `requestMs` for an API call, `uploadBytesPerSecond` the slowest pace a file may go at. */
export function setTimeLimits(changed) {
    Object.assign(limits, changed);
}

/** Called once when a signed-in call is answered 401: the session expired or was ended elsewhere. */
export function whenSessionEnds(callback) {
    onSessionEnded = callback;
}

/**
 * Calls the API. `options.anonymous`: a 401 is an answer (wrong password), not the end of a session.
 * `options.contentType`: `body` is sent as it is (a CSV file's text, say), with that type, instead of as JSON.
 * @returns the parsed JSON body, or null for 204
 */
export async function api(method, path, body, options = {}) {
    const headers = {Accept: 'application/json, application/problem+json'};
    if (body !== undefined) {
        headers['Content-Type'] = options.contentType || 'application/json';
    }
    if (method !== 'GET' && csrfToken) {
        headers['X-CSRF-Token'] = csrfToken;
    }
    const {response, text} = await exchange(path, {
        method,
        headers,
        body: body === undefined || options.contentType ? body : JSON.stringify(body),
    }, options.contentType ? fileLimitMs(new Blob([body]).size) : limits.requestMs, {
        cutOff: 'The server cannot be reached. Check the connection and try again.',
        timedOut: method === 'GET'
            ? 'The server did not answer in time. Nothing was changed: try again.'
            : 'The server did not answer in time, so this may or may not have been done. Check, then try again.',
    });
    if (response.status === 204) {
        return null;
    }
    const json = text ? parseJson(text) : null;
    if (response.ok) {
        return json;
    }
    if (response.status === 401 && !options.anonymous) {
        onSessionEnded();
    }
    const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
    throw new ApiError(response.status, problemDetail(response.status, json, retryAfter), retryAfter);
}

/**
 * Uploads a file as the raw request body; its name goes in X-File-Name, percent-encoded (never in the URL).
 * @returns the server's description of the stored attachment {id, name, contentType, size, thumbnail}
 */
export async function upload(path, file) {
    const headers = {Accept: 'application/json, application/problem+json',
        'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name || '')};
    if (csrfToken) {
        headers['X-CSRF-Token'] = csrfToken;
    }
    const {response, text} = await exchange(path, {method: 'POST', headers, body: file}, fileLimitMs(file.size), {
        cutOff: 'The upload was cut off. Check the connection and try again.',
        timedOut: 'The upload did not finish in time. Check the connection and try again.',
    });
    const json = text ? parseJson(text) : null;
    if (response.ok) {
        return json;
    }
    if (response.status === 401) {
        onSessionEnded();
    }
    const retryAfter = Number(response.headers.get('Retry-After')) || undefined;
    throw new ApiError(response.status, problemDetail(response.status, json, retryAfter), retryAfter);
}

/** The limit of a request that sends a file of `bytes`: a call's, plus the time the file takes at the slowest pace. */
function fileLimitMs(bytes) {
    return limits.requestMs + Math.ceil(bytes / limits.uploadBytesPerSecond * 1_000);
}

/**
 * Fetches `path` and reads the answer's text, both within `limitMs`; rejects with an ApiError of status 0 and
 * `messages.timedOut` when the limit aborted it, `messages.cutOff` when anything else did (the network, or the
 * browser leaving the page: never reported as a timeout).
 */
async function exchange(path, init, limitMs, messages) {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
    }, limitMs);
    try {
        const response = await fetch(path, {...init, credentials: 'same-origin', cache: 'no-store',
            signal: controller.signal});
        return {response, text: await response.text()};
    } catch (failure) {
        throw new ApiError(0, timedOut ? messages.timedOut : messages.cutOff);
    } finally {
        clearTimeout(timer);
    }
}

function parseJson(text) {
    try {
        return JSON.parse(text);
    } catch (notJson) {
        return null;
    }
}

function problemDetail(status, json, retryAfter) {
    if (json && typeof json.detail === 'string' && json.detail) {
        return json.detail;
    }
    if (status === 429) {
        return `Too many attempts. Try again in ${retryAfter || 'a few'} seconds.`;
    }
    if (status >= 500) {
        return 'The server had a problem and changed nothing. Try again in a moment.';
    }
    return `The server refused this (${status}).`;
}
