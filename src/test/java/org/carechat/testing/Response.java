package org.carechat.testing;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** An HTTP answer as tests see it: status, the JSON body (or null), the raw text and the headers. */
public record Response(int status, JsonNode json, String text, HttpHeaders headers) {

    public Response(int status, JsonNode json, String text) {
        this(status, json, text, HttpHeaders.of(Map.<String, List<String>>of(), (a, b) -> true));
    }

    public String string(String field) {
        return json.get(field).asString();
    }
}
