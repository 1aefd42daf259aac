package org.carechat.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.carechat.conversation.RecordAccess;
import org.carechat.storage.Transactions;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * Access from the record: every {@code CareTeam} changed since the feed's position, in pages by {@code _lastUpdated};
 * each participant that is a {@code Practitioner} (or a {@code PractitionerRole}, taken as its practitioner) is read
 * and matched to a staff account ({@link PractitionerAccounts}). Reads happen before the page's transaction; the page,
 * the mapping and the position commit together. Then every patient with a CareTeam has their conversations brought in
 * step ({@link RecordAccess}): staff an active team names join, staff no active team names any more leave — so a
 * change in the EHR takes effect within one sync interval, open sockets included, and conversations made since the
 * last pass get the care team too.
 */
@Component
class CareTeamSync implements SyncStep {

    static final String FEED = "care-teams";
    static final String DELETES = "care-team-deletes";

    private final EhrCareTeamRepository careTeams;
    private final DirectoryRepository directory;
    private final PractitionerAccounts accounts;
    private final RecordAccess access;
    private final FhirConnectionRepository connections;
    private final Transactions transactions;
    private final Clock clock;

    CareTeamSync(
            EhrCareTeamRepository careTeams,
            DirectoryRepository directory,
            PractitionerAccounts accounts,
            RecordAccess access,
            FhirConnectionRepository connections,
            Transactions transactions,
            Clock clock) {
        this.careTeams = careTeams;
        this.directory = directory;
        this.accounts = accounts;
        this.access = access;
        this.connections = connections;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "care_teams";
    }

    @Override
    public int order() {
        return 25;
    }

    @Override
    public boolean wanted(FhirConnection connection) {
        return connection.mayRead("Practitioner") && (connection.mayRead("CareTeam") || connection.encounterAccess());
    }

    @Override
    public void run(String orgId, IGenericClient client) {
        FhirConnection connection = connections.find(orgId).orElseThrow().connection();
        if (connection.mayRead("CareTeam")) {
            readCareTeams(orgId, client);
        }
        grant(orgId, connection.encounterAccess());
    }

    /**
     * Brings every patient's conversations in step with the staff their active CareTeams name and, when {@code
     * encounters} is on, the participants of their in-progress Encounters ({@link EncounterParticipants}).
     */
    private void grant(String orgId, boolean encounters) {
        Set<String> patients = new TreeSet<>(careTeams.patientsWithCareTeams(orgId));
        patients.addAll(careTeams.patientsWithEncounters(orgId));
        for (String patient : patients) {
            List<RecordAccess.Grant> grants = new ArrayList<>();
            careTeams.named(orgId, patient).forEach(n -> grants.add(new RecordAccess.Grant(n.userId(), rule(n))));
            if (encounters) {
                careTeams
                        .namedByEncounters(orgId, patient)
                        .forEach(n -> grants.add(new RecordAccess.Grant(n.userId(), encounterRule(n))));
            }
            directory
                    .recordOf(orgId, patient)
                    .ifPresent(record -> transactions.run(() -> access.apply(orgId, record, grants)));
        }
    }

    private void readCareTeams(String orgId, IGenericClient client) {
        long since = directory.position(orgId, FEED);
        Bundle page = client.search()
                .forResource(CareTeam.class)
                .lastUpdated(
                        new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, new Date(since)), null))
                .sort()
                .ascending("_lastUpdated")
                .count(PatientDirectory.PAGE)
                .returnBundle(Bundle.class)
                .execute();
        Map<String, Optional<PractitionerAccounts.Match>> matched = new HashMap<>();
        while (true) {
            List<CareTeam> teams = page.getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(CareTeam.class::isInstance)
                    .map(CareTeam.class::cast)
                    .toList();
            store(orgId, teams, practitioners(orgId, client, teams, matched), matched);
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }
        deletions(orgId, client);
    }

    /**
     * CareTeams the EHR deleted outright (search never returns them): from the type's {@code _history}, read from
     * five minutes before the last pass began, as for patients; a deleted team grants nothing from then on. An EHR
     * that does not offer the type's history (400, 404 or 405) is left at that: its teams are ended by status.
     */
    private void deletions(String orgId, IGenericClient client) {
        long passStart = clock.millis();
        long since = directory.position(orgId, DELETES);
        Bundle page;
        try {
            page = client.history()
                    .onType(CareTeam.class)
                    .returnBundle(Bundle.class)
                    .since(new Date(since))
                    .count(PatientDirectory.PAGE)
                    .execute();
        } catch (InvalidRequestException | ResourceNotFoundException | MethodNotAllowedException unsupported) {
            return;
        }
        while (true) {
            List<String> deleted = new ArrayList<>();
            for (Bundle.BundleEntryComponent entry : page.getEntry()) {
                if (entry.getRequest().getMethod() == Bundle.HTTPVerb.DELETE) {
                    String url = entry.getRequest().getUrl();
                    deleted.add(url.substring(url.indexOf('/') + 1).split("/")[0]);
                }
            }
            if (!deleted.isEmpty()) {
                transactions.run(() -> deleted.forEach(id -> careTeams.markDeleted(orgId, id)));
            }
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }
        long position = Math.max(since, passStart - PatientDirectory.DELETE_OVERLAP_MILLIS);
        transactions.run(() -> directory.advance(orgId, DELETES, position));
    }

    /** Each team's practitioners (ids), reading and matching each practitioner once per pass. */
    private Map<String, List<String>> practitioners(
            String orgId,
            IGenericClient client,
            List<CareTeam> teams,
            Map<String, Optional<PractitionerAccounts.Match>> matched) {
        Map<String, List<String>> byTeam = new HashMap<>();
        for (CareTeam team : teams) {
            List<String> ids = new ArrayList<>();
            for (CareTeam.CareTeamParticipantComponent participant : team.getParticipant()) {
                boolean ended = participant.getPeriod().hasEnd()
                        && participant.getPeriod().getEnd().getTime() <= clock.millis();
                String practitioner = ended ? null : practitionerOf(client, participant.getMember());
                if (practitioner != null) {
                    ids.add(practitioner);
                    matched.computeIfAbsent(practitioner, id -> match(accounts, orgId, client, id));
                }
            }
            byTeam.put(team.getIdElement().getIdPart(), ids);
        }
        return byTeam;
    }

    /** A practitioner the EHR no longer has (404 or 410) matches no account; any other failure ends the pass. */
    static Optional<PractitionerAccounts.Match> match(
            PractitionerAccounts accounts, String orgId, IGenericClient client, String id) {
        try {
            return accounts.match(
                    orgId, client.read().resource(Practitioner.class).withId(id).execute());
        } catch (ResourceNotFoundException | ResourceGoneException gone) {
            return Optional.empty();
        }
    }

    static String practitionerOf(IGenericClient client, Reference member) {
        String type = member.getReferenceElement().getResourceType();
        String id = member.getReferenceElement().getIdPart();
        if (id == null) {
            return null;
        }
        if ("Practitioner".equals(type)) {
            return id;
        }
        if ("PractitionerRole".equals(type)) {
            PractitionerRole role =
                    client.read().resource(PractitionerRole.class).withId(id).execute();
            return role.getPractitioner().getReferenceElement().getIdPart();
        }
        return null; // a RelatedPerson, Patient or Organization takes part but is no staff member
    }

    private void store(
            String orgId,
            List<CareTeam> teams,
            Map<String, List<String>> practitioners,
            Map<String, Optional<PractitionerAccounts.Match>> matched) {
        if (teams.isEmpty()) {
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
            for (CareTeam team : teams) {
                String patient = team.getSubject().getReferenceElement().getIdPart();
                if (patient == null
                        || !"Patient"
                                .equals(team.getSubject().getReferenceElement().getResourceType())) {
                    continue; // a team of a Group, or of nobody: no patient's conversations to open
                }
                String id = team.getIdElement().getIdPart();
                careTeams.saveCareTeam(
                        orgId,
                        id,
                        patient,
                        status(team),
                        team.getMeta().getVersionId(),
                        practitioners.getOrDefault(id, List.of()),
                        now);
            }
            long last = teams.stream()
                    .filter(t -> t.getMeta().hasLastUpdated())
                    .mapToLong(t -> t.getMeta().getLastUpdated().getTime())
                    .max()
                    .orElse(0L);
            directory.advance(orgId, FEED, Math.max(directory.position(orgId, FEED), last));
        });
    }

    /** {@code active} only for a team the EHR says is active (or gives no status); anything else grants nothing. */
    private static String status(CareTeam team) {
        return !team.hasStatus() || team.getStatus() == CareTeam.CareTeamStatus.ACTIVE
                ? "active"
                : team.getStatus().toCode();
    }

    private static String rule(EhrCareTeamRepository.Named n) {
        return "CareTeam/" + n.careTeamId() + " participant Practitioner/" + n.practitionerId() + " (matched by "
                + n.matchedBy() + ")";
    }

    private static String encounterRule(EhrCareTeamRepository.Named n) {
        return "Encounter/" + n.careTeamId() + " participant Practitioner/" + n.practitionerId() + " (matched by "
                + n.matchedBy() + ")";
    }
}
