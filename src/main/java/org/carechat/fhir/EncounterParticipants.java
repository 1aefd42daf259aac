package org.carechat.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.storage.Transactions;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.springframework.stereotype.Component;

/**
 * Access from the record, if the organisation turned it on: every {@code Encounter} changed since this feed's
 * position, with its status and the practitioners taking part (a {@code PractitionerRole} taken as its practitioner;
 * a participant whose period ended takes part no more), matched to staff accounts as CareTeam members are. The
 * care-team step then grants the participants of in-progress Encounters like CareTeam members (rule {@code
 * ehr_encounter}) and revokes them when the Encounter ends or they leave it. Ids only are stored.
 */
@Component
class EncounterParticipants implements SyncStep {

    static final String FEED = "encounter-participants";

    private final EhrCareTeamRepository careTeams;
    private final DirectoryRepository directory;
    private final PractitionerAccounts accounts;
    private final Transactions transactions;
    private final Clock clock;

    EncounterParticipants(
            EhrCareTeamRepository careTeams,
            DirectoryRepository directory,
            PractitionerAccounts accounts,
            Transactions transactions,
            Clock clock) {
        this.careTeams = careTeams;
        this.directory = directory;
        this.accounts = accounts;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "encounter_participants";
    }

    @Override
    public int order() {
        return 22;
    }

    @Override
    public boolean wanted(FhirConnection connection) {
        return connection.encounterAccess() && connection.mayRead("Encounter") && connection.mayRead("Practitioner");
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
        Map<String, Optional<PractitionerAccounts.Match>> matched = new HashMap<>();
        while (true) {
            List<Encounter> encounters = page.getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(Encounter.class::isInstance)
                    .map(Encounter.class::cast)
                    .toList();
            Map<String, List<String>> participants = new HashMap<>();
            for (Encounter encounter : encounters) {
                participants.put(
                        encounter.getIdElement().getIdPart(), practitioners(orgId, client, encounter, matched));
            }
            store(orgId, encounters, participants, matched);
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }
    }

    private List<String> practitioners(
            String orgId,
            IGenericClient client,
            Encounter encounter,
            Map<String, Optional<PractitionerAccounts.Match>> matched) {
        List<String> ids = new ArrayList<>();
        for (Encounter.EncounterParticipantComponent participant : encounter.getParticipant()) {
            boolean left = participant.getPeriod().hasEnd()
                    && participant.getPeriod().getEnd().getTime() <= clock.millis();
            String practitioner = left ? null : CareTeamSync.practitionerOf(client, participant.getIndividual());
            if (practitioner != null) {
                ids.add(practitioner);
                matched.computeIfAbsent(practitioner, id -> CareTeamSync.match(accounts, orgId, client, id));
            }
        }
        return ids;
    }

    private void store(
            String orgId,
            List<Encounter> encounters,
            Map<String, List<String>> participants,
            Map<String, Optional<PractitionerAccounts.Match>> matched) {
        if (encounters.isEmpty()) {
            return;
        }
        long now = clock.millis();
        transactions.run(() -> {
            matched.forEach((id, match) -> careTeams.savePractitioner(
                    orgId,
                    id,
                    match.map(PractitionerAccounts.Match::userId).orElse(null),
                    match.map(PractitionerAccounts.Match::matchedBy).orElse(null),
                    now));
            for (Encounter encounter : encounters) {
                var subject = encounter.getSubject().getReferenceElement();
                if (subject.getIdPart() == null || !"Patient".equals(subject.getResourceType())) {
                    continue;
                }
                String id = encounter.getIdElement().getIdPart();
                boolean inProgress = encounter.getStatus() == Encounter.EncounterStatus.INPROGRESS
                        && !EncounterDischarges.ended(encounter);
                careTeams.saveEncounter(
                        orgId,
                        id,
                        subject.getIdPart(),
                        inProgress
                                ? "in-progress"
                                : encounter.hasStatus() ? encounter.getStatus().toCode() : "unknown",
                        participants.getOrDefault(id, List.of()),
                        now);
            }
            long last = encounters.stream()
                    .filter(e -> e.getMeta().hasLastUpdated())
                    .mapToLong(e -> e.getMeta().getLastUpdated().getTime())
                    .max()
                    .orElse(0L);
            directory.advance(orgId, FEED, Math.max(directory.position(orgId, FEED), last));
        });
    }
}
