package org.carechat.fhir;

import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;

/** The EHR's authorisation server in-process: mock-oauth2-server on loopback, its token endpoint for the tests. */
public final class EhrTokenServer implements AutoCloseable {

    static final String ISSUER = "ehr";

    private final MockOAuth2Server server = new MockOAuth2Server();

    public EhrTokenServer() {
        server.start();
    }

    public String tokenUrl() {
        return server.tokenEndpointUrl(ISSUER).toString();
    }

    /** The SMART configuration an EHR whose authorisation server this is would publish. */
    public String smartConfiguration() {
        return "{\"issuer\":\"" + server.issuerUrl(ISSUER) + "\",\"authorization_endpoint\":\""
                + server.authorizationEndpointUrl(ISSUER) + "\",\"token_endpoint\":\"" + tokenUrl()
                + "\",\"jwks_uri\":\"" + server.jwksUrl(ISSUER) + "\",\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"capabilities\":[\"launch-ehr\",\"client-confidential-asymmetric\",\"context-ehr-patient\"]}";
    }

    /**
     * The next token the server issues carries these claims (an EHR launch: {@code fhirUser}, {@code patient}) in its
     * ID token, for the subject {@code subject}.
     */
    public void nextTokenClaims(String subject, java.util.Map<String, Object> claims) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, subject, "JWT", null, claims, 3600));
    }

    /** The next request the server received, waiting up to 5 seconds. */
    RecordedRequest takeRequest() {
        return server.takeRequest(5, TimeUnit.SECONDS);
    }

    /** A request already received, or null. */
    RecordedRequest takeRequestNow() {
        try {
            return server.takeRequest(10, TimeUnit.MILLISECONDS);
        } catch (RuntimeException none) {
            return null;
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
