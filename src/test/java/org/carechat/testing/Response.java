package org.carechat.testing;

import tools.jackson.databind.JsonNode;

/** An HTTP answer as tests see it: status, the JSON body (or null) and the raw text. */
public record Response(int status, JsonNode json, String text) {

    public String string(String field) {
        return json.get(field).asString();
    }
}
