package org.carechat.message;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationPolicy;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.conversation.Privacy;
import org.carechat.crypto.ConversationCipher;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.system.CareChatProperties;
import org.carechat.system.RateLimiter;
import org.carechat.system.SendAdmission;
import org.carechat.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sending, reading and deleting messages: the write path of docs/delivery.md.
 *
 * <p>A send is one transaction: take the conversation's next seq under its row lock, insert the encrypted
 * message, move the sender's own markers to it, write the audit row, commit; only then is the result returned
 * (and the doorbell rung). A retry with the same client message id finds the unique index taken: its transaction
 * rolls back (giving the seq back) and it is answered with the original id and seq.
 */
@Service
public class MessageService {

    private static final Logger log = LoggerFactory.getLogger(MessageService.class);

    /** A client message id: 1 to 64 of letters, digits and {@code - _ : .} (a UUID fits). */
    public static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9_:.-]{1,64}");

    public static final String TEXT = "text";
    /** The meta key of a text message's attachments: their ids as stored, their descriptions as shown. */
    public static final String ATTACHMENTS = "attachments";

    private static final String URGENT = "urgent";

    private final MessageRepository repository;
    private final ConversationService conversations;
    private final UserService users;
    private final ConversationCipher cipher;
    private final AuditLog audit;
    private final Doorbell doorbell;
    private final Transactions transactions;
    private final JsonMapper json;
    private final Ids ids;
    private final Clock clock;
    private final CareChatProperties.Messages limits;
    private final RecentEntries recent;
    private final Counter integrityFailures;
    private final RateLimiter limiter;
    private final SendAdmission admission;
    private final Counter overloaded;
    private final MessageAttachments attachments;
    private final int maxAttachments;
    private final ApplicationEventPublisher events;

    private final Timer sendLatency;

    MessageService(
            MessageRepository repository,
            ConversationService conversations,
            UserService users,
            ConversationCipher cipher,
            AuditLog audit,
            Doorbell doorbell,
            Transactions transactions,
            JsonMapper json,
            Ids ids,
            Clock clock,
            CareChatProperties properties,
            RecentEntries recent,
            MeterRegistry meters,
            RateLimiter limiter,
            SendAdmission admission,
            ApplicationEventPublisher events,
            MessageAttachments attachments) {
        this.events = events;
        this.attachments = attachments;
        this.maxAttachments = properties.attachments().maxPerMessage();
        this.limiter = limiter;
        this.admission = admission;
        this.sendLatency = Timer.builder("carechat.message.send")
                .description("Time to store a message: from the request to its commit (what the sender waits for)")
                .publishPercentileHistogram()
                .maximumExpectedValue(java.time.Duration.ofSeconds(10))
                .register(meters);
        this.overloaded = Counter.builder("carechat.message.overloaded")
                .description("Sends refused because the node was at capacity")
                .register(meters);
        this.recent = recent;
        this.integrityFailures = Counter.builder("carechat.message.integrity.failures")
                .description("Stored message texts that failed their integrity check")
                .register(meters);
        this.repository = repository;
        this.conversations = conversations;
        this.users = users;
        this.cipher = cipher;
        this.audit = audit;
        this.doorbell = doorbell;
        this.transactions = transactions;
        this.json = json;
        this.ids = ids;
        this.clock = clock;
        this.limits = properties.messages();
    }

    /** When the entry at {@code seq} of a conversation was committed (epoch ms), if there is one. */
    public java.util.OptionalLong sentAt(String conversationId, long seq) {
        return repository.createdAt(conversationId, seq);
    }

    /**
     * The outcome of a send.
     *
     * @param duplicate this was a retry of an earlier send with the same client message id
     */
    public record Sent(String messageId, String conversationId, long seq, long createdAt, boolean duplicate) {}

    /**
     * Sends a text message. Returns only after the message is committed.
     *
     * @throws ApiProblem 400 for an empty or over-long body or a bad client message id; 404 when the caller is not
     *                    a member; 403 when the conversation is 1-way and the caller is not an owner
     */
    public Sent send(CurrentUser actor, String conversationId, String clientMsgId, String body) {
        return send(actor, conversationId, clientMsgId, body, false, List.of());
    }

    /**
     * Sends a text message, marked urgent when {@code urgent}: the mark is stored with it ({@code meta.urgent}) and
     * {@link UrgentMessageSent} is published in the send's transaction (its listeners may refuse the send).
     */
    public Sent send(CurrentUser actor, String conversationId, String clientMsgId, String body, boolean urgent) {
        return send(actor, conversationId, clientMsgId, body, urgent, List.of());
    }

    /**
     * Sends a text message, urgent or not, with attachments uploaded before (see the attachment feature); the text is
     * required with them. Returns only after the message is committed with its attachments bound to it.
     *
     * @param attachmentIds ids of the caller's uploads to this conversation, at most
     *                      {@code carechat.attachments.max-per-message}; empty (or null) for a text alone
     * @throws ApiProblem 400 as {@link #send(CurrentUser, String, String, String)}, and for attachments without text,
     *                    too many, repeated, or not ready uploads of the caller to this conversation
     */
    public Sent send(
            CurrentUser actor,
            String conversationId,
            String clientMsgId,
            String body,
            boolean urgent,
            List<String> attachmentIds) {
        Timer.Sample sample = Timer.start();
        Sent sent = sendCommitted(actor, conversationId, clientMsgId, body, urgent, attachmentIds);
        sample.stop(sendLatency);
        return sent;
    }

    private Sent sendCommitted(
            CurrentUser actor,
            String conversationId,
            String clientMsgId,
            String body,
            boolean urgent,
            List<String> attachmentIds) {
        List<String> files = attachmentIds == null ? List.of() : attachmentIds;
        checkAttachments(files, body);
        checkInput(clientMsgId, body);
        try (SendAdmission.Permit permit = admit(actor)) {
            requireSendAllowed(actor, conversationId);
            return transactions.write(() -> {
                ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
                conversations.policy().requireCanWrite(actor, access);
                long seq = conversations.nextSeq(actor.orgId(), conversationId);
                String id = ids.next();
                long now = clock.millis();
                byte[] ciphertext = cipher.encrypt(actor.orgId(), conversationId, seq, id, body);
                Map<String, Object> stored = new java.util.LinkedHashMap<>();
                if (urgent) {
                    stored.put(URGENT, true);
                }
                if (!files.isEmpty()) {
                    stored.put(ATTACHMENTS, files);
                }
                String storedMeta = stored.isEmpty() ? null : json.writeValueAsString(stored);
                boolean inserted = repository.insertUnlessRetry(new StoredMessage(
                        id,
                        actor.orgId(),
                        conversationId,
                        seq,
                        actor.userId(),
                        clientMsgId,
                        TEXT,
                        ciphertext,
                        storedMeta,
                        now,
                        null));
                if (!inserted) {
                    throw new RetriedSend(); // rolls back, which gives the seq back
                }
                Map<String, Object> meta = stored.isEmpty() ? null : new java.util.LinkedHashMap<>(stored);
                if (!files.isEmpty()) {
                    meta.put(ATTACHMENTS, attachments.attach(actor, conversationId, id, seq, files));
                }
                conversations.advanceMarkers(actor.orgId(), conversationId, actor.userId(), seq, seq);
                audit.record(actor.audit(AuditType.MESSAGE_SENT)
                        .target("message", id)
                        .conversation(conversationId)
                        .patient(access.conversation().patientId())
                        .detail("seq", seq)
                        .detail("attachments", files.size()));
                if (urgent) {
                    events.publishEvent(new UrgentMessageSent(actor, conversationId, id, seq, now));
                }
                if (access.conversation().kind() == Conversation.Kind.DIRECT) {
                    events.publishEvent(new DirectMessageSent(
                            actor,
                            conversationId,
                            id,
                            seq,
                            now,
                            clientMsgId,
                            body,
                            urgent,
                            access.conversation().patientId()));
                }
                MessageView entry = new MessageView(
                        id,
                        conversationId,
                        seq,
                        TEXT,
                        actor.userId(),
                        actor.displayName(),
                        clientMsgId,
                        body,
                        meta,
                        now,
                        false,
                        null,
                        null);
                afterCommit(() -> recent.put(entry)); // before the ring, so the pushes find it
                doorbell.ringAfterCommit(new Ring.TimelineMoved(actor.orgId(), conversationId, seq, false));
                return new Sent(id, conversationId, seq, now, false);
            });
        } catch (ApiProblem refused) {
            // A retry of a send that was stored before the sender lost the right to write (removed, or the
            // conversation turned 1-way) or ran into a rate limit is answered with the original: the client must
            // not show it as failed.
            return repository
                    .findByClientId(actor.orgId(), conversationId, actor.userId(), clientMsgId)
                    .map(m -> new Sent(m.id(), m.conversationId(), m.seq(), m.createdAt(), true))
                    .orElseThrow(() -> refused);
        } catch (RetriedSend | DuplicateKeyException retry) {
            // The same client message id was sent before (a retry): answer with the original.
            return repository
                    .findByClientId(actor.orgId(), conversationId, actor.userId(), clientMsgId)
                    .map(m -> new Sent(m.id(), m.conversationId(), m.seq(), m.createdAt(), true))
                    .orElseThrow(() -> new IllegalStateException("a retried send has no original", retry));
        }
    }

    /**
     * @throws ApiProblem 429 beyond the sender's or the address's sending rate (the first refusal of a run is
     *                    audited; nothing is stored)
     */
    private void requireSendAllowed(CurrentUser actor, String conversationId) {
        RateLimiter.Decision user = limiter.take(RateLimiter.Limit.SENDS_PER_USER, actor.userId());
        RateLimiter.Decision address =
                user.allowed() ? limiter.take(RateLimiter.Limit.SENDS_PER_ADDRESS, String.valueOf(actor.ip())) : user;
        if (!address.allowed()) {
            if (address.firstRefusal()) {
                audit.refused(actor.audit(AuditType.MESSAGE_SENT)
                        .conversation(conversationId)
                        .detail("reason", "rate_limited"));
            }
            throw ApiProblem.tooManyRequests(
                    "You are sending faster than allowed; nothing was sent. Try again in " + address.retryAfterSeconds()
                            + " seconds",
                    address.retryAfterSeconds());
        }
    }

    /**
     * A place for this send on the node; beyond capacity, or beyond the organisation's share of it, a 429 with a
     * retry hint (docs/operations.md §Overload).
     */
    private SendAdmission.Permit admit(CurrentUser actor) {
        SendAdmission.Permit permit = admission.enter(actor.orgId());
        if (permit == null) {
            overloaded.increment();
            throw ApiProblem.tooManyRequests(
                    "The server is too busy to take this message now; nothing was sent. " + "Try again in "
                            + admission.retryAfterSeconds() + " seconds",
                    admission.retryAfterSeconds());
        }
        return permit;
    }

    /** Signals a retried send inside the transaction, so that it rolls back. */
    private static final class RetriedSend extends RuntimeException {
        RetriedSend() {
            super(null, null, false, false);
        }
    }

    private void checkAttachments(List<String> files, String body) {
        if (files.isEmpty()) {
            return;
        }
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("An attachment cannot be sent without text: write a message to go with it");
        }
        if (files.size() > maxAttachments) {
            throw ApiProblem.badRequest(
                    "A message carries at most " + maxAttachments + " attachments, not " + files.size());
        }
        if (new HashSet<>(files).size() != files.size() || files.stream().anyMatch(f -> f == null || f.isBlank())) {
            throw ApiProblem.badRequest("Each attachment is named once, by the id its upload returned");
        }
    }

    /**
     * Whether a member may still see a text message: it exists and is not deleted. Attachments are read exactly as
     * their message: the caller checked the membership.
     */
    public boolean isVisible(String orgId, String conversationId, long seq) {
        return repository
                .findBySeq(orgId, conversationId, seq)
                .filter(m -> TEXT.equals(m.kind()) && m.deletedAt() == null)
                .isPresent();
    }

    private void checkInput(String clientMsgId, String body) {
        if (clientMsgId == null || !CLIENT_MSG_ID.matcher(clientMsgId).matches()) {
            throw ApiProblem.badRequest("clientMsgId must be 1 to 64 letters, digits or - _ : . (a UUID fits); "
                    + "it makes a retried send safe");
        }
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("The message is empty");
        }
        int length = body.codePointCount(0, body.length());
        if (length > limits.maxLength()) {
            throw ApiProblem.badRequest(
                    "The message has " + length + " characters; the limit is " + limits.maxLength());
        }
    }

    /**
     * A page of a conversation's timeline, oldest first: entries after {@code after}, or before {@code before},
     * or the newest when neither is given. Reading is audited as opening the conversation.
     */
    public List<MessageView> history(CurrentUser actor, String conversationId, Long after, Long before, int limit) {
        if (after != null && before != null) {
            throw ApiProblem.badRequest("Give either after or before, not both");
        }
        int pageSize = Math.clamp(limit, 1, limits.pageLimit());
        ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
        List<StoredMessage> rows;
        if (after != null) {
            rows = repository.after(actor.orgId(), conversationId, after, pageSize);
        } else {
            rows = repository.before(actor.orgId(), conversationId, before == null ? Long.MAX_VALUE : before, pageSize);
        }
        transactions.write(() -> {
            audit.record(actor.audit(AuditType.CONVERSATION_OPENED)
                    .target("conversation", conversationId)
                    .conversation(conversationId)
                    .patient(access.conversation().patientId())
                    .detail("entries", rows.size()));
            return null;
        });
        Privacy privacy = conversations.policy().privacyFor(actor);
        return withReceipts(actor.orgId(), conversationId, views(actor.orgId(), rows), privacy).stream()
                .map(m -> m.seenBy(privacy))
                .toList();
    }

    /**
     * Adds delivered/read receipts to the text messages of a page, from the members' current markers (for a patient
     * viewer, only the markers of staff and their own).
     */
    private List<MessageView> withReceipts(
            String orgId, String conversationId, List<MessageView> page, Privacy privacy) {
        List<Member> members = conversations.members(orgId, conversationId).stream()
                .filter(m -> privacy.showsReceiptsOf(m.userId()))
                .toList();
        Map<String, User> names =
                users.findAll(orgId, members.stream().map(Member::userId).toList());
        return page.stream()
                .map(m -> {
                    if (!TEXT.equals(m.kind()) || m.deleted()) {
                        return m;
                    }
                    int delivered = 0;
                    List<MessageView.Reader> readers = new ArrayList<>();
                    for (Member member : members) {
                        if (member.userId().equals(m.senderId())) {
                            continue;
                        }
                        if (member.deliveredSeq() >= m.seq() || member.readSeq() >= m.seq()) {
                            delivered++;
                        }
                        if (member.readSeq() >= m.seq()) {
                            User u = names.get(member.userId());
                            readers.add(new MessageView.Reader(member.userId(), u == null ? null : u.displayName()));
                        }
                    }
                    return m.withReceipts(new MessageView.Receipts(delivered, readers.size(), readers));
                })
                .toList();
    }

    /**
     * Entries after {@code after}, for live delivery and resume (not audited per push: the device's
     * acknowledgement is, as delivery).
     */
    public List<MessageView> entriesAfter(String orgId, String conversationId, long after, int limit) {
        return views(orgId, repository.after(orgId, conversationId, after, limit));
    }

    /**
     * Just-committed entries after {@code after} from memory, for live pushes: a gap-free run, or empty when they
     * are not all cached (the caller then reads {@link #entriesAfter}).
     */
    public List<MessageView> recentEntriesAfter(String conversationId, long after, int limit) {
        return recent.after(conversationId, after, limit);
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /**
     * Appends a step of a message to its conversation's timeline ({@code urgent_acknowledged},
     * {@code urgent_escalated}, {@code forwarded}; {@code meta} holds ids, times and the message's seq only), so every member — the sender
     * first — sees it live and in history. Call inside a write transaction; rings after its commit.
     */
    public long appendStep(String orgId, String conversationId, String actorId, String kind, Map<String, Object> meta) {
        long seq = conversations.nextSeq(orgId, conversationId);
        repository.insert(new StoredMessage(
                ids.next(),
                orgId,
                conversationId,
                seq,
                actorId,
                null,
                kind,
                null,
                json.writeValueAsString(meta),
                clock.millis(),
                null));
        doorbell.ringAfterCommit(new Ring.TimelineMoved(orgId, conversationId, seq, false));
        return seq;
    }

    /**
     * Deletes a text message for everyone: hidden from users, kept (encrypted, marked) for audit. A
     * {@code message_deleted} entry tells live clients to remove it.
     */
    public void delete(CurrentUser actor, String conversationId, long seq) {
        transactions.write(() -> {
            ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
            StoredMessage message = repository
                    .findBySeq(actor.orgId(), conversationId, seq)
                    .filter(m -> TEXT.equals(m.kind()) && m.deletedAt() == null)
                    .orElseThrow(() -> ApiProblem.notFound("Message " + seq + " of this conversation"));
            conversations.policy().requireCanDelete(actor, access, message.senderId());
            long now = clock.millis();
            repository.markDeleted(actor.orgId(), conversationId, seq, actor.userId(), now);
            long eventSeq = conversations.nextSeq(actor.orgId(), conversationId);
            repository.insert(new StoredMessage(
                    ids.next(),
                    actor.orgId(),
                    conversationId,
                    eventSeq,
                    actor.userId(),
                    null,
                    "message_deleted",
                    null,
                    json.writeValueAsString(Map.of("seq", seq)),
                    now,
                    null));
            audit.record(actor.audit(AuditType.MESSAGE_DELETED)
                    .target("message", message.id())
                    .conversation(conversationId)
                    .patient(access.conversation().patientId())
                    .detail("seq", seq));
            afterCommit(() -> recent.forget(conversationId)); // its cached copy still shows the text
            doorbell.ringAfterCommit(new Ring.TimelineMoved(actor.orgId(), conversationId, eventSeq, false));
            return null;
        });
    }

    /** Text message counts per conversation of the caller (only conversations with any). */
    public Map<String, MessageCounts> counts(CurrentUser actor) {
        return repository.counts(actor.orgId(), actor.userId());
    }

    /** The newest visible text message of each of the caller's conversations, as the caller may see it. */
    public List<MessageView> lastTexts(CurrentUser actor) {
        Privacy privacy = conversations.policy().privacyFor(actor);
        return views(actor.orgId(), repository.lastTexts(actor.orgId(), actor.userId())).stream()
                .map(m -> m.seenBy(privacy))
                .toList();
    }

    private List<MessageView> views(String orgId, List<StoredMessage> rows) {
        Set<String> senderIds = new HashSet<>();
        rows.forEach(m -> senderIds.add(m.senderId()));
        Map<String, List<MessageAttachments.Attachment>> files = attachmentsOf(orgId, rows);
        Map<String, String> senders = users.displayNames(orgId, senderIds);
        List<MessageView> views = new ArrayList<>(rows.size());
        for (StoredMessage m : rows) {
            boolean deleted = m.deletedAt() != null;
            String body = null;
            Boolean unreadable = null;
            if (m.body() != null && !deleted) {
                try {
                    body = cipher.decrypt(m.conversationId(), m.seq(), m.id(), m.body());
                } catch (IllegalStateException integrityFailure) {
                    // Altered, or copied from another row: refused, and the rest of the conversation still shown.
                    log.error("message {} of conversation {} failed its integrity check", m.seq(), m.conversationId());
                    integrityFailures.increment();
                    unreadable = true;
                }
            }
            Map<String, Object> meta = meta(m.meta());
            if (meta != null && TEXT.equals(m.kind())) {
                // Stored: the attachments' ids. Shown: their descriptions, and none for a deleted message.
                meta = new java.util.LinkedHashMap<>(meta);
                meta.remove(ATTACHMENTS);
                if (!deleted && files.containsKey(m.id())) {
                    meta.put(ATTACHMENTS, files.get(m.id()));
                }
                meta = meta.isEmpty() ? null : meta;
            }
            views.add(new MessageView(
                    m.id(),
                    m.conversationId(),
                    m.seq(),
                    m.kind(),
                    m.senderId(),
                    senders.get(m.senderId()),
                    m.clientMsgId(),
                    body,
                    meta,
                    m.createdAt(),
                    deleted,
                    null,
                    unreadable));
        }
        return views;
    }

    /** The attachments of the text messages among {@code rows} that have any, by message id. */
    private Map<String, List<MessageAttachments.Attachment>> attachmentsOf(String orgId, List<StoredMessage> rows) {
        Map<String, List<String>> idsByConversation = new java.util.HashMap<>();
        for (StoredMessage m : rows) {
            if (TEXT.equals(m.kind()) && m.meta() != null && m.deletedAt() == null) {
                idsByConversation
                        .computeIfAbsent(m.conversationId(), c -> new ArrayList<>())
                        .add(m.id());
            }
        }
        Map<String, List<MessageAttachments.Attachment>> all = new java.util.HashMap<>();
        idsByConversation.forEach(
                (conversationId, messageIds) -> all.putAll(attachments.describe(orgId, conversationId, messageIds)));
        return all;
    }

    private Map<String, Object> meta(String text) {
        return text == null ? null : json.readValue(text, new TypeReference<Map<String, Object>>() {});
    }
}
