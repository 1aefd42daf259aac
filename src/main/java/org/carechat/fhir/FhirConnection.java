package org.carechat.fhir;

import java.util.List;

/**
 * An organisation's link to its EHR: the FHIR R4 base URL, and the SMART Backend Services client CareChat is
 * registered as (client id, token endpoint, scopes asked for). The signing key is not part of this record: it is
 * sealed at rest and only {@link SigningKeys} opens it.
 *
 * @param syncIntervalSeconds how often the directory is polled ({@code _lastUpdated})
 * @param encounterAccess whether the practitioners taking part in a patient's in-progress Encounters get access
 * @param fileAs how "File to record" writes: {@link #FILE_AS_COMMUNICATIONS} or {@link #FILE_AS_DOCUMENT}
 */
public record FhirConnection(
        String orgId,
        boolean enabled,
        String baseUrl,
        String tokenUrl,
        String clientId,
        List<String> scopes,
        int syncIntervalSeconds,
        String fileAs,
        boolean encounterAccess,
        long updatedAt) {

    /** Filing writes one {@code Communication} per message. */
    public static final String FILE_AS_COMMUNICATIONS = "communications";

    /** Filing writes one {@code DocumentReference} with a PDF transcript per filing. */
    public static final String FILE_AS_DOCUMENT = "document";

    /** The FHIR resource type "File to record" creates under this connection. */
    public String filingResourceType() {
        return FILE_AS_DOCUMENT.equals(fileAs) ? "DocumentReference" : "Communication";
    }

    /** Whether the scopes granted let CareChat read {@code resourceType} (v1 {@code .read}, v2 {@code .r…}, or *). */
    public boolean mayRead(String resourceType) {
        return scopes.stream().anyMatch(scope -> {
            String[] parts = scope.substring("system/".length()).split("\\.", 2);
            boolean type = parts[0].equals("*") || parts[0].equals(resourceType);
            boolean read = parts[1].equals("*") || parts[1].equals("read") || parts[1].startsWith("r");
            return type && read;
        });
    }

    /** Whether the scopes granted let CareChat create {@code resourceType} (v1 {@code .write}, v2 {@code .c…}, or *). */
    public boolean mayWrite(String resourceType) {
        return scopes.stream().anyMatch(scope -> {
            String[] parts = scope.substring("system/".length()).split("\\.", 2);
            boolean type = parts[0].equals("*") || parts[0].equals(resourceType);
            boolean write = parts[1].equals("*")
                    || parts[1].equals("write")
                    || (!parts[1].equals("read") && parts[1].startsWith("c"));
            return type && write;
        });
    }
}
