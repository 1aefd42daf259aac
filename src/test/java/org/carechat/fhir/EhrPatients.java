package org.carechat.fhir;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;

/**
 * The EHR's patients for the tests: held in memory, searched by {@code _lastUpdated} in order of it, and able to hang
 * (a search that waits until released, as an overloaded EHR does).
 */
public final class EhrPatients implements IResourceProvider {

    final Map<String, Patient> records = new ConcurrentHashMap<>();
    final AtomicInteger searches = new AtomicInteger();
    /** Deleted patients: id to the time of the deletion. */
    final Map<String, Long> deleted = new ConcurrentHashMap<>();

    private volatile CountDownLatch hang;

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    /** Stores {@code patient} as version {@code version}, last updated at {@code at}. */
    void put(Patient patient, int version, long at) {
        patient.getMeta().setLastUpdated(new Date(at)).setVersionId(Integer.toString(version));
        records.put(patient.getIdElement().getIdPart(), patient);
    }

    /** Deletes the patient {@code id} at {@code at}, as the EHR's history will show. */
    void delete(String id, long at) {
        records.remove(id);
        deleted.put(id, at);
    }

    /** The type's history, deletions only (what the sync reads it for): each as an entry with method DELETE. */
    @History
    public List<Patient> history(@Since InstantType since) {
        return deleted.entrySet().stream()
                .filter(e -> since == null || e.getValue() >= since.getValue().getTime())
                .map(e -> {
                    Patient gone = new Patient();
                    gone.setId(new IdType("Patient", e.getKey(), "2"));
                    ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(gone, BundleEntryTransactionMethodEnum.DELETE);
                    return gone;
                })
                .toList();
    }

    /** Searches wait from now until {@link #release} (or the client gives up). */
    void hang() {
        hang = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch latch = hang;
        hang = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Read
    public Patient read(@IdParam IdType id) {
        Patient p = records.get(id.getIdPart());
        if (p == null) {
            throw new ResourceNotFoundException(id);
        }
        return p;
    }

    @Search
    public List<Patient> search(
            @ca.uhn.fhir.rest.annotation.OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
            @Sort SortSpec sort)
            throws InterruptedException {
        searches.incrementAndGet();
        CountDownLatch latch = hang;
        if (latch != null) {
            latch.await();
        }
        return records.values().stream()
                .filter(p -> within(lastUpdated, p.getMeta().getLastUpdated()))
                .sorted(Comparator.comparing((Patient p) -> p.getMeta().getLastUpdated())
                        .thenComparing(p -> p.getIdElement().getIdPart()))
                .toList();
    }

    /** The range test of {@code _lastUpdated=ge…}/{@code gt…}/{@code lt…}/{@code le…}, to the millisecond. */
    static boolean within(DateRangeParam range, Date date) {
        if (range == null) {
            return true;
        }
        DateParam lower = range.getLowerBound();
        DateParam upper = range.getUpperBound();
        boolean aboveLower = lower == null
                || (lower.getPrefix() == ParamPrefixEnum.GREATERTHAN
                        ? date.after(lower.getValue())
                        : !date.before(lower.getValue()));
        boolean belowUpper = upper == null
                || (upper.getPrefix() == ParamPrefixEnum.LESSTHAN
                        ? date.before(upper.getValue())
                        : !date.after(upper.getValue()));
        return aboveLower && belowUpper;
    }
}
