package org.carechat.fhir;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;

/** The EHR's care teams for the tests: held in memory, searched by {@code _lastUpdated} in order of it. */
public final class EhrCareTeams implements IResourceProvider {

    final Map<String, CareTeam> records = new ConcurrentHashMap<>();
    /** Deleted teams: id to the time of the deletion. */
    final Map<String, Long> deleted = new ConcurrentHashMap<>();

    @Override
    public Class<CareTeam> getResourceType() {
        return CareTeam.class;
    }

    /** An active care team of {@code patient} whose participants are the given references (e.g. Practitioner/p1). */
    static CareTeam team(String id, String patient, String... members) {
        CareTeam team = new CareTeam();
        team.setId(id);
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference("Patient/" + patient));
        for (String member : members) {
            team.addParticipant().setMember(new Reference(member));
        }
        return team;
    }

    void put(CareTeam team, int version, long at) {
        team.getMeta().setLastUpdated(new Date(at)).setVersionId(Integer.toString(version));
        records.put(team.getIdElement().getIdPart(), team);
    }

    /** Deletes the team {@code id} at {@code at}, as the EHR's history will show. */
    void delete(String id, long at) {
        records.remove(id);
        deleted.put(id, at);
    }

    /** The type's history, deletions only (what the sync reads it for). */
    @History
    public List<CareTeam> history(@Since InstantType since) {
        return deleted.entrySet().stream()
                .filter(e -> since == null || e.getValue() >= since.getValue().getTime())
                .map(e -> {
                    CareTeam gone = new CareTeam();
                    gone.setId(new IdType("CareTeam", e.getKey(), "2"));
                    ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(gone, BundleEntryTransactionMethodEnum.DELETE);
                    return gone;
                })
                .toList();
    }

    @Search
    public List<CareTeam> search(
            @ca.uhn.fhir.rest.annotation.OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
            @Sort SortSpec sort) {
        return records.values().stream()
                .filter(t -> EhrPatients.within(lastUpdated, t.getMeta().getLastUpdated()))
                .sorted(Comparator.comparing((CareTeam t) -> t.getMeta().getLastUpdated())
                        .thenComparing(t -> t.getIdElement().getIdPart()))
                .toList();
    }
}
