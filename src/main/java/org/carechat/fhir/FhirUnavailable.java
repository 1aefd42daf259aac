package org.carechat.fhir;

/**
 * The EHR (its token endpoint or its FHIR server) did not answer as it should. The message is shown to admins as the
 * integration's last error: it names the step, the address and the HTTP status, never a patient or a record's content.
 */
public class FhirUnavailable extends RuntimeException {

    public FhirUnavailable(String message) {
        super(message);
    }

    public FhirUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
