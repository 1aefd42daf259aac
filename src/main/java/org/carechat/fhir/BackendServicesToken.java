package org.carechat.fhir;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.carechat.storage.Ids;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens for the EHR by SMART Backend Services: an OAuth 2.0 {@code client_credentials} grant authenticated by
 * a client assertion ({@code private_key_jwt}) that CareChat signs with the organisation's ES384 key. A token is kept
 * until a minute before it expires, per organisation and settings version, so a change of settings takes a new one.
 */
@Component
class BackendServicesToken {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);
    private static final long EARLY_MILLIS = 60_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Clock clock;
    private final Ids ids;
    private final SmartConfiguration discovery;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    BackendServicesToken(
            Clock clock,
            Ids ids,
            SmartConfiguration discovery,
            @Value("${carechat.fhir.timeout:PT20S}") Duration timeout) {
        this.clock = clock;
        this.discovery = discovery;
        this.ids = ids;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private record Token(String value, long version, long expiresAt) {}

    /**
     * A valid access token for {@code connection}, asked for when none is kept.
     *
     * @throws FhirUnavailable when the token endpoint cannot be reached or refuses (its error code in the message)
     */
    String accessToken(FhirConnection connection, ECKey key) {
        Token kept = tokens.get(connection.orgId());
        long now = clock.millis();
        if (kept != null && kept.version() == connection.updatedAt() && kept.expiresAt() - EARLY_MILLIS > now) {
            return kept.value();
        }
        Token fresh = request(connection, key, now);
        tokens.put(connection.orgId(), fresh);
        return fresh.value();
    }

    /** Forgets the organisation's token (after the FHIR server refused it). */
    void forget(String orgId) {
        tokens.remove(orgId);
    }

    private Token request(FhirConnection connection, ECKey key, long now) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", String.join(" ", connection.scopes()));
        form.put("client_assertion_type", ASSERTION_TYPE);
        String tokenUrl = connection.tokenUrl().isBlank()
                ? discovery.discover(connection.baseUrl()).tokenEndpoint()
                : connection.tokenUrl();
        form.put("client_assertion", assertion(connection.clientId(), tokenUrl, key, now));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new FhirUnavailable("token: the token endpoint " + tokenUrl + " did not answer ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FhirUnavailable("token: interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200 || !body.path("access_token").isString()) {
            String error = body.path("error").isString() ? body.path("error").asString() : "no error code";
            throw new FhirUnavailable("token: the token endpoint " + tokenUrl + " refused with HTTP "
                    + response.statusCode() + " (" + error + "); check the client id, the scopes, and that the EHR "
                    + "has CareChat's public key");
        }
        long expiresIn = body.path("expires_in").canConvertToLong()
                ? body.path("expires_in").asLong()
                : 300;
        return new Token(body.path("access_token").asString(), connection.updatedAt(), now + expiresIn * 1000);
    }

    /**
     * The signed client assertion ({@code private_key_jwt}): iss and sub the client id, aud the token endpoint, a
     * one-time jti, 5 minutes. The EHR launch authenticates its code exchange with it too.
     */
    String assertion(String clientId, String tokenUrl, ECKey key, long now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(tokenUrl)
                .jwtID(ids.next())
                .issueTime(new Date(now))
                .expirationTime(new Date(now + ASSERTION_LIFETIME.toMillis()))
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES384)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the client assertion", e);
        }
        return jwt.serialize();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            return JSON.createObjectNode();
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
