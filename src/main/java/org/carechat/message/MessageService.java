package org.carechat.message;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationPolicy;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.CurrentUser;
import org.carechat.storage.Transactions;
import org.carechat.system.SendAdmission;
import org.carechat.timeline.CopyOf;
import org.carechat.timeline.NewText;
import org.carechat.timeline.Timeline;
import org.carechat.web.ApiProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Sending and deleting messages: the write path of docs/delivery.md. Reading them is {@link MessageHistory}'s.
 *
 * <p>A send is one unit of work: check the caller may write, append the text to the timeline (next seq under the
 * conversation's row lock, encrypted insert), move the sender's own markers to it, write the audit row, commit; only
 * then is the result returned (and the doorbell rung). A retry with the same client message id finds the unique index
 * taken: its unit is undone (giving the seq back) and it is answered with the original id and seq.
 */
@Service
public class MessageService {

    /** A client message id: 1 to 64 of letters, digits and {@code - _ : .} (a UUID fits). */
    public static final Pattern CLIENT_MSG_ID = MessageChecks.CLIENT_MSG_ID;

    private static final String URGENT = "urgent";
    private static final String REPLY_TO = "replyTo";

    private final Timeline timeline;
    private final ConversationService conversations;
    private final SendGate gate;
    private final AuditLog audit;
    private final Transactions transactions;
    private final ApplicationEventPublisher events;
    private final MessageChecks checks;
    private final Timer sendLatency;

    MessageService(
            Timeline timeline,
            ConversationService conversations,
            SendGate gate,
            AuditLog audit,
            Transactions transactions,
            ApplicationEventPublisher events,
            MessageChecks checks,
            MeterRegistry meters) {
        this.timeline = timeline;
        this.sendLatency = Timer.builder("carechat.message.send")
                .description("Time to store a message: from the request to its commit (what the sender waits for)")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(meters);
        this.conversations = conversations;
        this.gate = gate;
        this.audit = audit;
        this.transactions = transactions;
        this.events = events;
        this.checks = checks;
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
     *                    a member; 403 when the conversation is 1-way and the caller is not an owner; 429 beyond the
     *                    node's capacity or the caller's sending rate
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
        return send(actor, conversationId, clientMsgId, body, new Options(urgent, attachmentIds, null, List.of()));
    }

    /**
     * What a text carries besides its body.
     *
     * @param urgent        each staff recipient must acknowledge it (docs/urgent.md)
     * @param attachmentIds ids of the sender's uploads to the conversation; empty (or null) for none
     * @param replyTo       the seq of the message of the same conversation it answers (a quote), or null
     * @param mentions      ids of the members it mentions (they are alerted even where they muted the conversation);
     *                      empty (or null) for none
     */
    public record Options(boolean urgent, List<String> attachmentIds, Long replyTo, List<String> mentions) {

        public Options {
            attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
        }
    }

    /**
     * Sends a text message with its {@link Options}. Returns only after the message is committed.
     *
     * @throws ApiProblem 400 as {@link #send(CurrentUser, String, String, String, boolean, List)}, for a reply to
     *                    anything but a message of this conversation the sender can see (not deleted), and for a
     *                    mention of anyone but another member the sender may name
     */
    public Sent send(CurrentUser actor, String conversationId, String clientMsgId, String body, Options options) {
        List<String> files = options.attachmentIds();
        checks.attachments(files, body);
        checks.input(clientMsgId, body);
        MessageChecks.mentionList(options.mentions());
        NewText text = new NewText(
                actor,
                conversationId,
                clientMsgId,
                body,
                meta(options.urgent(), options.replyTo(), options.mentions()),
                files,
                null);
        // Refused for overload, a send looks nothing up (outside the try): the client retries a 429, and a retry of
        // a message stored earlier gets its original once there is room (its client id is unique in the conversation).
        SendAdmission.Permit permit = gate.admit(actor);
        try (permit) {
            gate.requireRateAllowed(actor, conversationId);
            Timer.Sample sample = Timer.start();
            Sent sent;
            try {
                sent = transactions.write(conversationId, () -> store(text, options.urgent(), true));
            } catch (ConversationPolicy.StaleAccess stale) {
                // This node's memory let the send through and its transaction found the sender may not write (any
                // more): rolled back, now checked against the database, which refuses with the real reason.
                sent = transactions.write(conversationId, () -> store(text, options.urgent(), false));
            }
            sample.stop(sendLatency);
            return sent;
        } catch (ApiProblem refused) {
            // A retry of a send that was stored before the sender lost the right to write (removed, or the
            // conversation turned 1-way) or ran into their sending rate is answered with the original: the client
            // must not show it as failed.
            return original(text).orElseThrow(() -> refused);
        } catch (Timeline.RetriedText | DuplicateKeyException retry) {
            // The same client message id was sent before (a retry): answer with the original.
            return original(text).orElseThrow(() -> new IllegalStateException("a retried send has no original", retry));
        }
    }

    /**
     * Sends a copy of a message made by the server ({@link MessageCopy}): recorded as one ({@code copyOf}), and not
     * admitted or rate-limited again, being part of the send or escalation that makes it. Inside the caller's unit of
     * work it runs under a savepoint: refused or retried, it leaves nothing behind, the seq it took included.
     *
     * @throws ApiProblem the copy's refusal, with its real reason
     */
    Sent sendCopy(
            CurrentUser sender, String conversationId, String clientMsgId, String body, boolean urgent, CopyOf of) {
        checks.input(clientMsgId, body);
        NewText text =
                new NewText(sender, conversationId, clientMsgId, body, meta(urgent, null, List.of()), List.of(), of);
        try {
            return transactions.write(() -> store(text, urgent, false));
        } catch (Timeline.RetriedText | DuplicateKeyException retry) {
            return original(text).orElseThrow(() -> new IllegalStateException("a retried copy has no original", retry));
        }
    }

    /** Whether {@code body} is within the configured length of a message. */
    boolean fits(String body) {
        return checks.fits(body);
    }

    /**
     * Stores a text in the unit of work in progress.
     *
     * @param mayUseMemory whether the sender's access may be answered from this node's memory, confirmed by this
     *                     transaction ({@link ConversationService#requireMemberToWrite}); a copy made by the server is
     *                     checked against the database (it is rare, and runs inside another unit of work)
     * @throws ConversationPolicy.StaleAccess when memory let the send through and this transaction refutes it
     */
    private Sent store(NewText text, boolean urgent, boolean mayUseMemory) {
        CurrentUser actor = text.sender();
        String conversationId = text.conversationId();
        ConversationPolicy.Writable checked = conversations.requireMemberToWrite(actor, conversationId, mayUseMemory);
        if (text.meta().get(REPLY_TO) instanceof Long replyTo) {
            checks.replyTo(actor, conversationId, replyTo);
        }
        List<?> mentions = text.meta().get(Timeline.MENTIONS) instanceof List<?> named ? named : List.of();
        if (!mentions.isEmpty()) {
            checks.mentions(actor, conversationId, mentions);
        }
        Timeline.Appended entry = timeline.appendText(text);
        ConversationPolicy.Writable access =
                conversations.advanceSenderMarkers(actor, conversationId, entry.seq(), checked);
        audit.record(actor.audit(AuditType.MESSAGE_SENT)
                .target("message", entry.id())
                .conversation(conversationId)
                .patient(access.patientId())
                .detail("seq", entry.seq())
                .detail("attachments", text.attachmentIds().size()));
        boolean direct = access.direct();
        events.publishEvent(new NewMessage(
                actor.orgId(),
                conversationId,
                entry.id(),
                entry.seq(),
                actor.userId(),
                urgent,
                direct,
                mentions.stream().map(String::valueOf).toList()));
        if (urgent) {
            events.publishEvent(
                    new UrgentMessageSent(actor, conversationId, entry.id(), entry.seq(), entry.createdAt()));
        }
        if (direct) {
            events.publishEvent(new DirectMessageSent(
                    actor,
                    conversationId,
                    entry.id(),
                    entry.seq(),
                    entry.createdAt(),
                    text.body(),
                    urgent,
                    access.patientId(),
                    text.copyOf()));
        }
        return new Sent(entry.id(), conversationId, entry.seq(), entry.createdAt(), false);
    }

    private Optional<Sent> original(NewText text) {
        CurrentUser sender = text.sender();
        return timeline.sentBefore(sender.orgId(), text.conversationId(), sender.userId(), text.clientMsgId())
                .map(m -> new Sent(m.id(), text.conversationId(), m.seq(), m.createdAt(), true));
    }

    private static Map<String, Object> meta(boolean urgent, Long replyTo, List<String> mentions) {
        Map<String, Object> meta = new java.util.LinkedHashMap<>();
        if (urgent) {
            meta.put(URGENT, true);
        }
        if (replyTo != null) {
            meta.put(REPLY_TO, replyTo);
        }
        if (!mentions.isEmpty()) {
            meta.put(Timeline.MENTIONS, mentions);
        }
        return meta;
    }

    /**
     * Deletes a text message for everyone: hidden from users, kept (encrypted, marked) for audit. A
     * {@code message_deleted} entry tells live clients to remove it.
     *
     * @throws ApiProblem 404 when the caller is not a member or there is no visible text at {@code seq}; 403 when the
     *                    caller may not delete it (neither its sender nor an owner)
     */
    public void delete(CurrentUser actor, String conversationId, long seq) {
        transactions.run(() -> {
            ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
            Timeline.TextRef text = timeline.visibleText(actor.orgId(), conversationId, seq)
                    .orElseThrow(() -> ApiProblem.notFound("Message " + seq + " of this conversation"));
            conversations.policy().requireCanDelete(actor, access, text.senderId());
            timeline.deleteText(actor.orgId(), conversationId, seq, actor.userId());
            audit.record(actor.audit(AuditType.MESSAGE_DELETED)
                    .target("message", text.id())
                    .conversation(conversationId)
                    .patient(access.conversation().patientId())
                    .detail("seq", seq));
        });
    }
}
