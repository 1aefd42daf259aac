package org.carechat.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.carechat.retention.PatientDischarged;
import org.carechat.storage.Transactions;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Discharges from the EHR: every {@code Encounter} changed since the feed's position, in pages by {@code
 * _lastUpdated}; one that has ended — status {@code finished}, or a {@code hospitalization.dischargeDisposition} —
 * for a patient CareChat has a record of raises {@link PatientDischarged} once (retention closes the patient's ward
 * conversations and starts the grace period). The discharge, the encounter's row and the feed's position commit
 * together, so a page read again raises nothing twice.
 */
@Component
class EncounterDischarges implements SyncStep {

    static final String FEED = "encounters";

    private final DirectoryRepository directory;
    private final Transactions transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EncounterDischarges(
            DirectoryRepository directory, Transactions transactions, ApplicationEventPublisher events, Clock clock) {
        this.directory = directory;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "encounters";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public boolean wanted(FhirConnection connection) {
        return connection.mayRead("Encounter");
    }

    @Override
    public void run(String orgId, IGenericClient client) {
        long since = directory.position(orgId, FEED);
        Bundle page = client.search()
                .forResource(Encounter.class)
                .lastUpdated(
                        new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, new Date(since)), null))
                .sort()
                .ascending("_lastUpdated")
                .count(PatientDirectory.PAGE)
                .returnBundle(Bundle.class)
                .execute();
        while (true) {
            store(
                    orgId,
                    page.getEntry().stream()
                            .map(Bundle.BundleEntryComponent::getResource)
                            .filter(Encounter.class::isInstance)
                            .map(Encounter.class::cast)
                            .toList());
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }
    }

    private void store(String orgId, List<Encounter> page) {
        if (page.isEmpty()) {
            return;
        }
        transactions.run(() -> {
            for (Encounter encounter :
                    page.stream().filter(EncounterDischarges::ended).toList()) {
                String fhirId = encounter.getIdElement().getIdPart();
                String patientFhirId =
                        encounter.getSubject().getReferenceElement().getIdPart();
                String recordId = patientFhirId == null
                        ? null
                        : directory.recordOf(orgId, patientFhirId).orElse(null);
                if (recordId != null && !directory.encounterDischarged(orgId, fhirId)) {
                    directory.recordDischarge(orgId, fhirId, recordId, clock.millis());
                    events.publishEvent(new PatientDischarged(orgId, recordId, null, null));
                }
            }
            long last = page.stream()
                    .filter(e -> e.getMeta().hasLastUpdated())
                    .mapToLong(e -> e.getMeta().getLastUpdated().getTime())
                    .max()
                    .orElse(0L);
            directory.advance(orgId, FEED, Math.max(directory.position(orgId, FEED), last));
        });
    }

    static boolean ended(Encounter e) {
        return e.getStatus() == Encounter.EncounterStatus.FINISHED
                || e.getHospitalization().hasDischargeDisposition();
    }
}
