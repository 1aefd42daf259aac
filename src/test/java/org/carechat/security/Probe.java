package org.carechat.security;

import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * One concrete HTTP request against an API route, with what an anonymous caller must get back.
 *
 * @param anonymousStatus 401 for every signed-in route; for the public sign-in routes, 401 (wrong credentials) or
 *                        400 (bad input), depending on the request
 */
record Probe(String method, String path, String contentType, String body, int anonymousStatus) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Probe get(String path) {
        return new Probe("GET", path, null, null, 401);
    }

    static Probe delete(String path) {
        return new Probe("DELETE", path, null, null, 401);
    }

    static Probe json(String method, String path, Object body) {
        return new Probe(method, path, "application/json", body == null ? null : JSON.writeValueAsString(body), 401);
    }

    /** A raw body of the given type (an attachment upload: text formats such as a minimal PDF fit a string). */
    static Probe raw(String path, String contentType, String body) {
        return new Probe("POST", path, contentType, body, 401);
    }

    static Probe csv(String path, String text) {
        return new Probe("POST", path, "text/csv", text, 401);
    }

    Probe anonymously(int status) {
        return new Probe(method, path, contentType, body, status);
    }

    /** The path without its query string, to match against the route's pattern. */
    String pathOnly() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
