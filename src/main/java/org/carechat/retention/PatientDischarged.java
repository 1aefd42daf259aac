package org.carechat.retention;

/**
 * A patient was discharged from their ward stay (docs/retention.md). Published as a Spring application event by
 * whatever learns of it first — the EHR integration's {@code fhir.EncounterDischarges} — and handled by
 * {@link RetentionService#discharge}, inside the publisher's unit of work when there is one. The REST route calls the
 * service directly.
 *
 * @param actorId who reported it (a user id), or {@code null} for the EHR
 */
public record PatientDischarged(String orgId, String patientId, String actorId, String ip) {}
