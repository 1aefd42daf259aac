// The REST API of the CareChat server: JSON in and out, the session's CSRF token on every changing request,
// RFC 9457 problem details turned into errors whose message is the server's sentence for a person.

let csrfToken = null;
let onSessionEnded = () => {};

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
    let response;
    try {
        response = await fetch(path, {
            method,
            headers,
            body: body === undefined || options.contentType ? body : JSON.stringify(body),
            credentials: 'same-origin',
            cache: 'no-store',
        });
    } catch (networkFailure) {
        throw new ApiError(0, 'The server cannot be reached. Check the connection and try again.');
    }
    if (response.status === 204) {
        return null;
    }
    const text = await response.text();
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
    let response;
    try {
        response = await fetch(path, {method: 'POST', headers, body: file, credentials: 'same-origin',
            cache: 'no-store'});
    } catch (networkFailure) {
        throw new ApiError(0, 'The upload was cut off. Check the connection and try again.');
    }
    const text = await response.text();
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
