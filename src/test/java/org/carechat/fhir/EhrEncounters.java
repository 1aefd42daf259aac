package org.carechat.fhir;

import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.Encounter;

/** The EHR's encounters for the tests: held in memory, searched by {@code _lastUpdated} in order of it. */
public final class EhrEncounters implements IResourceProvider {

    final Map<String, Encounter> records = new ConcurrentHashMap<>();

    @Override
    public Class<Encounter> getResourceType() {
        return Encounter.class;
    }

    void put(Encounter encounter, int version, long at) {
        encounter.getMeta().setLastUpdated(new Date(at)).setVersionId(Integer.toString(version));
        records.put(encounter.getIdElement().getIdPart(), encounter);
    }

    @Search
    public List<Encounter> search(
            @ca.uhn.fhir.rest.annotation.OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
            @Sort SortSpec sort) {
        return records.values().stream()
                .filter(e -> EhrPatients.within(lastUpdated, e.getMeta().getLastUpdated()))
                .sorted(Comparator.comparing((Encounter e) -> e.getMeta().getLastUpdated())
                        .thenComparing(e -> e.getIdElement().getIdPart()))
                .toList();
    }
}
