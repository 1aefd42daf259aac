package org.carechat.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * HAPI's generic FHIR R4 client for an organisation's EHR, authorised with a fresh Backend Services token. Every call
 * has a bounded connect and read time ({@code carechat.fhir.timeout}), so a hanging EHR holds up only the worker that
 * called it — never a request, and never a database transaction (callers fetch before they write).
 */
@Component
class FhirClients {

    private final FhirContext context;
    private final FhirConnectionRepository connections;
    private final SigningKeys keys;
    private final BackendServicesToken tokens;

    FhirClients(
            FhirConnectionRepository connections,
            SigningKeys keys,
            BackendServicesToken tokens,
            @Value("${carechat.fhir.timeout:PT20S}") Duration timeout) {
        this.connections = connections;
        this.keys = keys;
        this.tokens = tokens;
        this.context = FhirContext.forR4();
        context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        context.getRestfulClientFactory().setConnectTimeout((int) timeout.toMillis());
        context.getRestfulClientFactory().setSocketTimeout((int) timeout.toMillis());
        context.getRestfulClientFactory().setConnectionRequestTimeout((int) timeout.toMillis());
    }

    FhirContext context() {
        return context;
    }

    /**
     * A client for the organisation's EHR, or empty when it has no connection.
     *
     * @throws FhirUnavailable when no token could be had
     */
    Optional<IGenericClient> forOrg(String orgId) {
        return connections.find(orgId).map(stored -> {
            FhirConnection connection = stored.connection();
            String token = tokens.accessToken(connection, keys.open(orgId, stored.sealedKey()));
            IGenericClient client = context.newRestfulGenericClient(connection.baseUrl());
            client.registerInterceptor(new BearerTokenAuthInterceptor(token));
            return client;
        });
    }

    /** Forgets the organisation's token, so the next call asks for a new one (after a 401 from the FHIR server). */
    void tokenRefused(String orgId) {
        tokens.forget(orgId);
    }
}
