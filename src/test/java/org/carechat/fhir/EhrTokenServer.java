package org.carechat.fhir;

import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
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
