package org.carechat.fhir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SMART discovery: an EHR's {@code {base}/.well-known/smart-configuration}, read when a launch starts (and for a
 * connection whose token endpoint is left to be discovered). Bounded by {@code carechat.fhir.timeout}.
 */
@Component
class SmartConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final Duration timeout;

    SmartConfiguration(@Value("${carechat.fhir.timeout:PT20S}") Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * What CareChat needs of the document.
     *
     * @param issuer  the authorisation server's issuer (checked against an ID token's {@code iss}), or null
     * @param jwksUri where the authorisation server's keys are (to check an ID token's signature), or null
     */
    record Endpoints(String authorizationEndpoint, String tokenEndpoint, String issuer, String jwksUri) {}

    /** @throws FhirUnavailable when the document cannot be read or lacks the token endpoint */
    Endpoints discover(String baseUrl) {
        String url = baseUrl.replaceAll("/+$", "") + "/.well-known/smart-configuration";
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(timeout)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FhirUnavailable(
                    "discovery: " + url + " did not answer (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FhirUnavailable("discovery: interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200 || !body.path("token_endpoint").isString()) {
            throw new FhirUnavailable("discovery: " + url + " answered HTTP " + response.statusCode()
                    + " without a token_endpoint; is this the EHR's FHIR base URL?");
        }
        return new Endpoints(
                text(body, "authorization_endpoint"),
                text(body, "token_endpoint"),
                text(body, "issuer"),
                text(body, "jwks_uri"));
    }

    private static String text(JsonNode body, String field) {
        return body.path(field).isString() ? body.path(field).asString() : null;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            return JSON.createObjectNode();
        }
    }
}
