package org.carechat.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.UserService;
import org.carechat.storage.Transactions;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.carechat.timeline.TimelineEntry;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * The EHR worker's filing: for each waiting {@link ConversationFiling} request, one FHIR {@code Communication} per
 * text still shown, up to the seq asked for, each a conditional create on its {@code identifier} (CareChat's message
 * id under {@link #MESSAGE_SYSTEM}) so that filing twice, or retrying after a half-done pass, files each message
 * once. The EHR is called outside any transaction; the request is removed and a {@code filed} timeline entry appended
 * together afterwards. A failure leaves the request waiting: the worker retries with back-off. An organisation that
 * files {@link FhirConnection#FILE_AS_DOCUMENT as a document} gets one {@link DocumentFiling DocumentReference} per
 * request instead, and the {@code filed} entry names it.
 */
@Component
class FilingStep implements SyncStep {

    /** The identifier system of the Communications CareChat files: the value is the message's id. */
    static final String MESSAGE_SYSTEM = "urn:carechat:message-id";

    private static final int PAGE = 200;

    private final FilingRepository filings;
    private final DirectoryRepository directory;
    private final EhrCareTeamRepository careTeams;
    private final ConversationService conversations;
    private final FhirConnectionRepository connections;
    private final UserService users;
    private final Timeline timeline;
    private final Transactions transactions;

    FilingStep(
            FilingRepository filings,
            DirectoryRepository directory,
            EhrCareTeamRepository careTeams,
            ConversationService conversations,
            FhirConnectionRepository connections,
            UserService users,
            Timeline timeline,
            Transactions transactions) {
        this.filings = filings;
        this.directory = directory;
        this.careTeams = careTeams;
        this.conversations = conversations;
        this.connections = connections;
        this.users = users;
        this.timeline = timeline;
        this.transactions = transactions;
    }

    @Override
    public String name() {
        return "filing";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public boolean wanted(FhirConnection connection) {
        return connection.mayWrite(connection.filingResourceType());
    }

    @Override
    public void run(String orgId, IGenericClient client) {
        boolean asDocument = connections
                .find(orgId)
                .map(s -> FhirConnection.FILE_AS_DOCUMENT.equals(s.connection().fileAs()))
                .orElse(false);
        for (FilingRepository.Request request : filings.waiting(orgId)) {
            file(request, client, asDocument);
        }
    }

    private void file(FilingRepository.Request request, IGenericClient client, boolean asDocument) {
        Conversation c =
                conversations.find(request.orgId(), request.conversationId()).orElse(null);
        String patient = c == null || c.patientId() == null || c.purgedAt() != null
                ? null
                : directory.fhirIdOf(request.orgId(), c.patientId()).orElse(null);
        List<TimelineEntry> texts = patient == null ? List.of() : texts(request);
        String resource = patient == null
                ? null
                : asDocument
                        ? DocumentFiling.file(client, request, patient, author(request), texts)
                        : fileCommunications(request, client, patient, texts);
        transactions.run(() -> {
            if (filings.done(request) && patient != null) {
                Map<String, Object> meta = new HashMap<>(Map.of(
                        "upToSeq", request.upToSeq(),
                        "messages", texts.size(),
                        "requestedBy", request.requestedBy()));
                if (resource != null) {
                    meta.put("resource", resource);
                }
                timeline.append(
                        request.orgId(), request.conversationId(), request.requestedBy(), EntryKind.FILED, meta);
            }
        });
    }

    private DocumentFiling.Author author(FilingRepository.Request request) {
        String name = users.displayNames(request.orgId(), List.of(request.requestedBy()))
                .get(request.requestedBy());
        return new DocumentFiling.Author(
                careTeams.practitionerOf(request.orgId(), request.requestedBy()).orElse(null), name);
    }

    /** @return null: a Communication set has no one resource id */
    private String fileCommunications(
            FilingRepository.Request request, IGenericClient client, String patient, List<TimelineEntry> texts) {
        Map<String, Optional<String>> practitioners = new HashMap<>();
        for (TimelineEntry text : texts) {
            Optional<String> practitioner = text.senderId() == null
                    ? Optional.empty()
                    : practitioners.computeIfAbsent(
                            text.senderId(), id -> careTeams.practitionerOf(request.orgId(), id));
            client.create()
                    .resource(communication(text, patient, practitioner.orElse(null)))
                    .conditional()
                    .where(Communication.IDENTIFIER.exactly().systemAndIdentifier(MESSAGE_SYSTEM, text.id()))
                    .execute();
        }
        return null;
    }

    private List<TimelineEntry> texts(FilingRepository.Request request) {
        List<TimelineEntry> texts = new ArrayList<>();
        long after = 0;
        while (after < request.upToSeq()) {
            List<TimelineEntry> page = timeline.after(request.orgId(), request.conversationId(), after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (TimelineEntry entry : page) {
                if (entry.seq() <= request.upToSeq() && entry.isVisibleText() && entry.body() != null) {
                    texts.add(entry);
                }
            }
            after = page.getLast().seq();
        }
        return texts;
    }

    /** @param practitionerFhirId the EHR practitioner the sender's account was matched to, or null */
    static Communication communication(TimelineEntry text, String patientFhirId, String practitionerFhirId) {
        Communication c = new Communication();
        c.addIdentifier().setSystem(MESSAGE_SYSTEM).setValue(text.id());
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        c.setSubject(new Reference("Patient/" + patientFhirId));
        c.setSent(new Date(text.createdAt()));
        Reference sender =
                practitionerFhirId == null ? new Reference() : new Reference("Practitioner/" + practitionerFhirId);
        if (text.senderName() != null) {
            sender.setDisplay(text.senderName());
        }
        if (practitionerFhirId != null || text.senderName() != null) {
            c.setSender(sender);
        }
        c.addPayload().setContent(new StringType(text.body()));
        return c;
    }
}
