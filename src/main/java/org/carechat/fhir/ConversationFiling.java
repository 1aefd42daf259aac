package org.carechat.fhir;

import java.time.Clock;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationPolicy;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.CurrentUser;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * "File to record": an owner of a patient conversation asks for its messages to be filed to the
 * patient's record in the EHR. The request is recorded here and answered at once; {@link FilingStep} in the EHR
 * worker does the filing, so the EHR being slow or down never holds up the person who asked.
 */
@Service
class ConversationFiling {

    /** What the request recorded: the texts up to {@code upToSeq} will be filed. */
    record Queued(String conversationId, long upToSeq) {}

    private final ConversationService conversations;
    private final FhirConnectionRepository connections;
    private final DirectoryRepository directory;
    private final FilingRepository filings;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    ConversationFiling(
            ConversationService conversations,
            FhirConnectionRepository connections,
            DirectoryRepository directory,
            FilingRepository filings,
            Transactions transactions,
            AuditLog audit,
            Clock clock) {
        this.conversations = conversations;
        this.connections = connections;
        this.directory = directory;
        this.filings = filings;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records the request (audited).
     *
     * @throws ApiProblem 404 for a non-member, 403 for a member who is not an owner, 409 when the organisation
     *     has no EHR connection that may write Communications, the conversation is about no patient from the EHR,
     *     or it was purged
     */
    Queued request(CurrentUser actor, String conversationId) {
        return transactions.write(() -> {
            ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
            Conversation c = access.conversation();
            if (!access.member().isOwner()) {
                audit.refused(actor.audit(AuditType.ACCESS_DENIED)
                        .target("conversation", c.id())
                        .conversation(c.id())
                        .detail("reason", "not_owner"));
                throw ApiProblem.forbidden("Only an owner of this conversation can file it to the record")
                        .audited();
            }
            requireFileable(actor.orgId(), c);
            FilingRepository.Request request =
                    new FilingRepository.Request(actor.orgId(), c.id(), c.lastSeq(), actor.userId(), clock.millis());
            filings.save(request);
            audit.record(actor.audit(AuditType.CONVERSATION_FILING_REQUESTED)
                    .target("conversation", c.id())
                    .conversation(c.id())
                    .detail("upToSeq", c.lastSeq()));
            return new Queued(c.id(), c.lastSeq());
        });
    }

    private void requireFileable(String orgId, Conversation c) {
        FhirConnection connection = connections
                .find(orgId)
                .map(FhirConnectionRepository.Stored::connection)
                .orElse(null);
        if (connection == null || !connection.enabled() || !connection.mayWrite(connection.filingResourceType())) {
            String type = connection == null ? "Communication" : connection.filingResourceType();
            throw ApiProblem.conflict("Your organisation's EHR connection is not set up to file conversations: an "
                    + "admin enables it with the scope system/" + type + ".write (Settings, EHR)");
        }
        if (c.purgedAt() != null) {
            throw ApiProblem.conflict("This conversation was purged by the organisation's retention policy");
        }
        if (c.patientId() == null || directory.fhirIdOf(orgId, c.patientId()).isEmpty()) {
            throw ApiProblem.conflict("This conversation is not about a patient from the EHR's directory, so there "
                    + "is no record to file it to");
        }
    }
}
