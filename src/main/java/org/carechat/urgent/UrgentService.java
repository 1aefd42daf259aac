package org.carechat.urgent;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.conversation.ConversationPolicy;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.message.UrgentMessageSent;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.timeline.EntryKind;
import org.carechat.timeline.Timeline;
import org.carechat.web.ApiProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Urgent messages as a closed loop (docs/urgent.md): each staff recipient of a message marked urgent holds an alert
 * until they acknowledge it; one not acknowledged within the organisation's time escalates once
 * ({@link UrgentEscalation}), to the organisation's escalation contact, and the recipient gets one SMS nudge without
 * clinical content ({@link EscalationSweep}). The admin report is {@link UrgentReports}'.
 *
 * <p>The pending timer is the alert's {@code escalate_at} column, so it survives a restart; it fires through a
 * conditional update ({@link UrgentRepository#claimEscalation}) that only one sweep can win, so it fires at most
 * once whatever the number of nodes or restarts; an acknowledgement clears it in the same way. Every step is
 * audited in its transaction, written to the conversation's timeline (the sender sees it live and in history), and
 * rung so the holders' open apps start or stop alerting at once.
 */
@Service
public class UrgentService {

    public static final int MAX_RECIPIENTS = 20;
    public static final int MAX_PENDING_LISTED = 200;
    static final int SWEEP_BATCH = 100;
    static final String NUDGE_TEXT =
            "CareChat: an urgent message is waiting for you to acknowledge. " + "Please open CareChat.";

    private final UrgentRepository repository;
    private final UrgentEscalation escalation;
    private final ConversationService conversations;
    private final Timeline timeline;
    private final UserService users;
    private final AuditLog audit;
    private final Doorbell doorbell;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;

    private final UrgentMeters meters;
    private final ApplicationEventPublisher events;

    UrgentService(
            UrgentRepository repository,
            UrgentEscalation escalation,
            ConversationService conversations,
            Timeline timeline,
            UserService users,
            AuditLog audit,
            Doorbell doorbell,
            Transactions transactions,
            Ids ids,
            Clock clock,
            UrgentMeters meters,
            ApplicationEventPublisher events) {
        this.meters = meters;
        this.events = events;
        this.repository = repository;
        this.escalation = escalation;
        this.conversations = conversations;
        this.timeline = timeline;
        this.users = users;
        this.audit = audit;
        this.doorbell = doorbell;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
    }

    /** An alert as its holder's app shows it: who asked whom, and when it escalates; never the text. */
    public record Pending(
            String alertId,
            String conversationId,
            long seq,
            String messageId,
            String senderId,
            String senderName,
            String recipientId,
            String escalatedFromUserId,
            long createdAt,
            Long escalateAt,
            int repeatEveryMinutes) {}

    /** The answer to an acknowledgement: how many alerts it closed (0 when none was pending: nothing to do). */
    public record Acknowledged(String conversationId, long seq, int closed) {}

    /**
     * Raises one alert per staff recipient, in the send's transaction.
     *
     * @throws ApiProblem 403 when a patient marks a message urgent; 400 when the conversation has a patient member,
     *                    no other staff member, or more than {@link #MAX_RECIPIENTS}; the send is then refused whole
     */
    @EventListener
    void onUrgentSent(UrgentMessageSent sent) {
        CurrentUser sender = sent.sender();
        if (sender.isPatient()) {
            throw ApiProblem.forbidden("Only staff can mark a message urgent");
        }
        ConversationPolicy.Access access = conversations.requireMember(sender, sent.conversationId());
        List<String> memberIds = conversations.members(sender.orgId(), sent.conversationId()).stream()
                .map(Member::userId)
                .toList();
        Map<String, User> members = users.findAll(sender.orgId(), memberIds);
        if (members.values().stream().anyMatch(User::isPatient)) {
            throw ApiProblem.badRequest("Urgent messages are for conversations of staff only");
        }
        List<String> recipients = members.values().stream()
                .filter(u -> !u.id().equals(sender.userId()) && !u.disabled())
                .map(User::id)
                .sorted()
                .toList();
        if (recipients.isEmpty()) {
            throw ApiProblem.badRequest("An urgent message needs a colleague in the conversation to acknowledge it");
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            throw ApiProblem.badRequest("An urgent message goes to at most " + MAX_RECIPIENTS
                    + " colleagues; send it in a smaller conversation");
        }
        UrgentSettings settings = repository.settings(sender.orgId());
        long escalateAt = sent.sentAt()
                + Duration.ofMinutes(settings.escalateAfterMinutes()).toMillis();
        boolean patientLinked = access.conversation().patientId() != null;
        for (String recipient : recipients) {
            UrgentAlert alert = new UrgentAlert(
                    ids.next(),
                    sender.orgId(),
                    sent.messageId(),
                    sent.conversationId(),
                    sent.seq(),
                    sender.userId(),
                    recipient,
                    null,
                    sent.sentAt(),
                    escalateAt,
                    null,
                    null,
                    null,
                    null,
                    patientLinked,
                    null);
            repository.insert(alert);
            audit.record(sender.audit(AuditType.URGENT_RAISED)
                    .target("urgent_alert", alert.id())
                    .conversation(sent.conversationId())
                    .patient(access.conversation().patientId())
                    .detail("seq", sent.seq())
                    .detail("recipient", recipient));
            doorbell.ringAfterCommit(new Ring.UrgentChanged(sender.orgId(), alert.id()));
            events.publishEvent(new UrgentAlertRaised(sender.orgId(), alert.id(), recipient));
        }
    }

    /**
     * The caller acknowledges the urgent message at {@code seq}: every pending alert of theirs on it closes, and with
     * each the alert it was escalated from or to (one duty, taken by either). Acknowledging again, or a message
     * with no alert of theirs, closes nothing and is not an error.
     *
     * @throws ApiProblem 404 when the caller is not a member of the conversation; 403 for a patient's account
     */
    public Acknowledged acknowledge(CurrentUser actor, String conversationId, long seq) {
        if (actor.isPatient()) {
            throw ApiProblem.forbidden("Urgent messages are acknowledged by staff");
        }
        return transactions.write(() -> {
            ConversationPolicy.Access access = conversations.requireMember(actor, conversationId);
            long now = clock.millis();
            int closed = 0;
            for (UrgentAlert mine : repository.ofRecipient(actor.orgId(), conversationId, seq, actor.userId())) {
                for (UrgentAlert linked : repository.chain(actor.orgId(), mine.id())) {
                    if (repository.acknowledge(linked.id(), actor.userId(), now)) {
                        closed++;
                        meters.acknowledged(linked, now);
                        audit.record(actor.audit(AuditType.URGENT_ACKNOWLEDGED)
                                .target("urgent_alert", linked.id())
                                .conversation(linked.conversationId())
                                .patient(access.conversation().patientId())
                                .detail("seq", linked.seq())
                                .detail("recipient", linked.recipientId()));
                        doorbell.ringAfterCommit(new Ring.UrgentChanged(actor.orgId(), linked.id()));
                        events.publishEvent(new UrgentAlertClosed(
                                actor.orgId(),
                                linked.id(),
                                linked.recipientId(),
                                linked.conversationId(),
                                linked.seq()));
                        if (!linked.conversationId().equals(conversationId)) {
                            timeline.append(
                                    actor.orgId(),
                                    linked.conversationId(),
                                    actor.userId(),
                                    EntryKind.URGENT_ACKNOWLEDGED,
                                    Map.of("seq", linked.seq(), "userId", actor.userId()));
                        }
                    }
                }
            }
            if (closed > 0) {
                timeline.append(
                        actor.orgId(),
                        conversationId,
                        actor.userId(),
                        EntryKind.URGENT_ACKNOWLEDGED,
                        Map.of("seq", seq, "userId", actor.userId()));
            }
            return new Acknowledged(conversationId, seq, closed);
        });
    }

    /** The caller's alerts that wait for their acknowledgement, oldest first. */
    public List<Pending> pending(CurrentUser actor) {
        return repository.pendingFor(actor.orgId(), actor.userId(), MAX_PENDING_LISTED).stream()
                .map(this::pending)
                .toList();
    }

    /** One alert as its holder sees it, when it is still pending; empty once acknowledged. */
    public Optional<Pending> pendingAlert(String orgId, String alertId) {
        return repository.find(orgId, alertId).filter(UrgentAlert::pending).map(this::pending);
    }

    /** One alert, whatever its state: for its holder's open apps. */
    public Optional<UrgentAlert> alert(String orgId, String alertId) {
        return repository.find(orgId, alertId);
    }

    private Pending pending(UrgentAlert a) {
        UrgentSettings settings = repository.settings(a.orgId());
        String from = a.escalatedFrom() == null
                ? null
                : repository
                        .find(a.orgId(), a.escalatedFrom())
                        .map(UrgentAlert::recipientId)
                        .orElse(null);
        String senderName = users.displayNames(a.orgId(), List.of(a.senderId())).get(a.senderId());
        return new Pending(
                a.id(),
                a.conversationId(),
                a.seq(),
                a.messageId(),
                a.senderId(),
                senderName,
                a.recipientId(),
                from,
                a.createdAt(),
                a.escalateAt(),
                settings.repeatEveryMinutes());
    }

    /**
     * Escalates every alert whose time has come and that nobody acknowledged, each in its own transaction. Safe to
     * run on several nodes at once and again after a restart: the conditional update lets one sweep win each.
     *
     * @return how many escalated here
     */
    int escalateDue() {
        return escalation.escalateDue();
    }

    Optional<String> mobileOf(String orgId, String userId) {
        return repository.mobile(orgId, userId);
    }

    List<UrgentAlert> nudgesDue() {
        return repository.nudgesDue(SWEEP_BATCH);
    }

    boolean moveNudge(UrgentAlert alert, String from, String to) {
        return transactions.write(() -> {
            boolean moved = repository.moveNudge(alert.id(), from, to);
            if (moved && "sent".equals(to)) {
                audit.record(AuditEvent.of(AuditType.URGENT_NUDGE_SENT)
                        .org(alert.orgId())
                        .target("urgent_alert", alert.id())
                        .detail("recipient", alert.recipientId()));
            }
            return moved;
        });
    }
}
