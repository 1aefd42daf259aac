package org.carechat.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;

/**
 * One thing the EHR worker does on each pass for an organisation (read the directory, look for discharges), in
 * {@link #order()}. A step fetches from the EHR outside any transaction and writes what it fetched in short
 * transactions of its own, so a slow EHR never holds a database lock; a step that throws ends the pass, and the
 * next pass (after the back-off) starts it again where its own saved position says.
 */
interface SyncStep {

    /** The step's name in the last error an admin sees ("patients", "encounters"). */
    String name();

    int order();

    /** Whether the step runs for {@code connection}: the scopes granted must let it read what it reads. */
    boolean wanted(FhirConnection connection);

    void run(String orgId, IGenericClient client);
}
