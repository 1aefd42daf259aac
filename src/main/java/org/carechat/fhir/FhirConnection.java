package org.carechat.fhir;

import java.util.List;

/**
 * An organisation's link to its EHR: the FHIR R4 base URL, and the SMART Backend Services client CareChat is
 * registered as (client id, token endpoint, scopes asked for). The signing key is not part of this record: it is
 * sealed at rest and only {@link SigningKeys} opens it.
 *
 * @param syncIntervalSeconds how often the directory is polled ({@code _lastUpdated})
 */
public record FhirConnection(
        String orgId,
        boolean enabled,
        String baseUrl,
        String tokenUrl,
        String clientId,
        List<String> scopes,
        int syncIntervalSeconds,
        long updatedAt) {

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
