package org.carechat.fhir;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The code exchange of an EHR launch: the authorisation code, the PKCE verifier and CareChat's signed client assertion
 * to the EHR's token endpoint; then the ID token checked — signature against the authorisation server's published
 * keys, issuer, audience (CareChat's client id) and expiry by CareChat's clock. Bounded by {@code
 * carechat.fhir.timeout}.
 */
@Component
class LaunchTokens {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<JWSAlgorithm> ALGORITHMS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

    private final BackendServicesToken assertions;
    private final Clock clock;
    private final HttpClient http;
    private final Duration timeout;

    LaunchTokens(
            BackendServicesToken assertions, Clock clock, @Value("${carechat.fhir.timeout:PT20S}") Duration timeout) {
        this.assertions = assertions;
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * What the EHR said of the launch.
     *
     * @param idToken the checked ID token's claims ({@code fhirUser} names the clinician)
     * @param patient the EHR patient in context: the token response's {@code patient}, else the ID token's claim
     */
    record Exchanged(JWTClaimsSet idToken, String patient) {}

    /** @throws LaunchRefused when the token endpoint refuses or the ID token fails a check */
    Exchanged exchange(LaunchRepository.Started launch, String clientId, ECKey key, String code, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", clientId);
        form.put("code_verifier", launch.codeVerifier());
        form.put("client_assertion_type", BackendServicesToken.ASSERTION_TYPE);
        form.put("client_assertion", assertions.assertion(clientId, launch.tokenUrl(), key, clock.millis()));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(launch.tokenUrl()))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build());
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200 || !body.path("id_token").isString()) {
            throw new LaunchRefused(
                    "token_refused",
                    "The EHR's authorisation server did not give CareChat an ID token (HTTP " + response.statusCode()
                            + "); CareChat must be registered there with the openid and fhirUser scopes");
        }
        JWTClaimsSet claims = checked(launch, clientId, body.path("id_token").asString());
        String patient = body.path("patient").isString() ? body.path("patient").asString() : claim(claims, "patient");
        return new Exchanged(claims, patient);
    }

    private JWTClaimsSet checked(LaunchRepository.Started launch, String clientId, String idToken) {
        if (launch.jwksUri() == null) {
            throw new LaunchRefused(
                    "no_keys", "The EHR's SMART configuration names no jwks_uri, so its ID token cannot be checked");
        }
        JWTClaimsSet claims;
        try {
            JWKSet keys = JWKSet.parse(send(HttpRequest.newBuilder(URI.create(launch.jwksUri()))
                            .timeout(timeout)
                            .GET()
                            .build())
                    .body());
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keys)));
            processor.setJWTClaimsSetVerifier((c, context) -> {}); // checked below, by CareChat's clock
            claims = processor.process(idToken, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new LaunchRefused("bad_id_token", "The EHR's ID token failed its signature check");
        }
        boolean issuerOk = launch.issuer() == null || launch.issuer().equals(claims.getIssuer());
        boolean audienceOk = claims.getAudience().contains(clientId);
        boolean fresh =
                claims.getExpirationTime() != null && claims.getExpirationTime().getTime() > clock.millis();
        if (!issuerOk || !audienceOk || !fresh) {
            throw new LaunchRefused(
                    "bad_id_token",
                    "The EHR's ID token is not for CareChat, not from the EHR's authorisation server, or expired");
        }
        return claims;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LaunchRefused(
                    "ehr_unavailable", "The EHR's authorisation server did not answer; try the launch again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchRefused("ehr_unavailable", "Interrupted");
        }
    }

    static String claim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s && !s.isBlank() ? s : null;
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
