package org.carechat.fhir;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/**
 * Turns what went wrong in a call to the EHR into the sentence an admin sees as the integration's last error: the
 * step, and the HTTP status or the kind of network failure. Never the server's own text, which may quote a record.
 */
final class EhrFailures {

    private EhrFailures() {}

    static FhirUnavailable describe(String step, RuntimeException e) {
        if (e instanceof FhirUnavailable known) {
            return known;
        }
        if (e instanceof BaseServerResponseException answered) {
            String hint = answered.getStatusCode() == 401 || answered.getStatusCode() == 403
                    ? "; the token was refused: check the scopes granted to CareChat's client"
                    : "";
            return new FhirUnavailable(step + ": the FHIR server answered HTTP " + answered.getStatusCode() + hint, e);
        }
        if (e instanceof FhirClientConnectionException) {
            return new FhirUnavailable(step + ": the FHIR server did not answer in time or could not be reached", e);
        }
        return new FhirUnavailable(
                step + ": the FHIR server's answer could not be read ("
                        + e.getClass().getSimpleName() + ")",
                e);
    }
}
