package org.carechat.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * The patient directory from the EHR: every {@code Patient} changed since the feed's position, in pages of {@value
 * #PAGE} sorted by {@code _lastUpdated}; each page stored in one transaction with the new position, so a pass that
 * stops resumes after the last page stored, and a page read twice writes nothing (versions are compared). A patient
 * the EHR merged into another ({@code Patient.link} replaced-by) hands its CareChat record to the survivor when the
 * survivor has none, so a merge never duplicates a record; deletions come from the type's history and mark the
 * record's link deleted (the CareChat record stays, with its conversations, for retention to decide).
 */
@Component
class PatientDirectory implements SyncStep {

    static final int PAGE = 500;
    static final String FEED = "patients";
    static final String DELETES = "patient-deletes";
    /** Deletions are read again from this long before the last pass began: clocks of EHR and CareChat differ. */
    static final long DELETE_OVERLAP_MILLIS = 5 * 60_000;

    private final PatientPages pages;
    private final DirectoryRepository directory;
    private final Clock clock;

    PatientDirectory(PatientPages pages, DirectoryRepository directory, Clock clock) {
        this.pages = pages;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "patients";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public boolean wanted(FhirConnection connection) {
        return connection.mayRead("Patient");
    }

    @Override
    public void run(String orgId, IGenericClient client) {
        long since = directory.position(orgId, FEED);
        Bundle page = client.search()
                .forResource(Patient.class)
                .lastUpdated(
                        new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, new Date(since)), null))
                .sort()
                .ascending("_lastUpdated")
                .count(PAGE)
                .returnBundle(Bundle.class)
                .execute();
        while (true) {
            pages.store(orgId, patients(page));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }
        deletions(orgId, client);
    }

    private void deletions(String orgId, IGenericClient client) {
        long passStart = clock.millis();
        long since = directory.position(orgId, DELETES);
        Bundle page = client.history()
                .onType(Patient.class)
                .returnBundle(Bundle.class)
                .since(new Date(since))
                .count(PAGE)
                .execute();
        while (true) {
            List<String> deleted = new ArrayList<>();
            for (Bundle.BundleEntryComponent entry : page.getEntry()) {
                if (entry.getRequest().getMethod() == Bundle.HTTPVerb.DELETE) {
                    String url = entry.getRequest().getUrl();
                    deleted.add(url.substring(url.indexOf('/') + 1).split("/")[0]);
                }
            }
            pages.delete(orgId, deleted);
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }
        pages.advance(orgId, DELETES, Math.max(since, passStart - DELETE_OVERLAP_MILLIS));
    }

    private static List<Patient> patients(Bundle page) {
        return page.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance)
                .map(Patient.class::cast)
                .toList();
    }
}
