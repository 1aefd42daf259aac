package org.carechat.urgent;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.availability.Availability;
import org.carechat.availability.AvailabilityService;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationPolicy;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.message.MessageService;
import org.carechat.message.MessageView;
import org.carechat.message.UrgentMessageSent;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.team.CareTeam;
import org.carechat.team.CareTeamService;
import org.carechat.web.ApiProblem;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Urgent messages as a closed loop (docs/urgent.md): each staff recipient of a message marked urgent holds an alert
 * until they acknowledge it; one not acknowledged within the organisation's time escalates once, to the
 * organisation's escalation contact, and the recipient gets one SMS nudge without clinical content.
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
    public static final int MAX_REPORT_DAYS = 366;
    static final int SWEEP_BATCH = 100;
    static final String NUDGE_TEXT =
            "CareChat: an urgent message is waiting for you to acknowledge. " + "Please open CareChat.";

    private final UrgentRepository repository;
    private final ConversationService conversations;
    private final MessageService messages;
    private final UserService users;
    private final RolePolicy roles;
    private final AuditLog audit;
    private final Doorbell doorbell;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;
    private final AvailabilityService availability;
    private final CareTeamService teams;

    private final UrgentMeters meters;

    UrgentService(
            UrgentRepository repository,
            ConversationService conversations,
            MessageService messages,
            UserService users,
            RolePolicy roles,
            AuditLog audit,
            Doorbell doorbell,
            Transactions transactions,
            Ids ids,
            Clock clock,
            AvailabilityService availability,
            CareTeamService teams,
            UrgentMeters meters) {
        this.meters = meters;
        this.availability = availability;
        this.teams = teams;
        this.repository = repository;
        this.conversations = conversations;
        this.messages = messages;
        this.users = users;
        this.roles = roles;
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
                        if (!linked.conversationId().equals(conversationId)) {
                            messages.appendStep(
                                    actor.orgId(),
                                    linked.conversationId(),
                                    actor.userId(),
                                    "urgent_acknowledged",
                                    Map.of("seq", linked.seq(), "userId", actor.userId()));
                        }
                    }
                }
            }
            if (closed > 0) {
                messages.appendStep(
                        actor.orgId(),
                        conversationId,
                        actor.userId(),
                        "urgent_acknowledged",
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
        int escalated = 0;
        for (UrgentAlert due : repository.due(clock.millis(), SWEEP_BATCH)) {
            escalated += transactions.write(() -> escalate(due)) ? 1 : 0;
        }
        return escalated;
    }

    private boolean escalate(UrgentAlert due) {
        long now = clock.millis();
        UrgentSettings settings = repository.settings(due.orgId());
        String target = escalationTarget(due, settings);
        if (!repository.claimEscalation(due.id(), target, now)) {
            return false; // acknowledged meanwhile, or another sweep fired it
        }
        AuditEvent event = AuditEvent.of(AuditType.URGENT_ESCALATED)
                .org(due.orgId())
                .target("urgent_alert", due.id())
                .conversation(due.conversationId())
                .detail("seq", due.seq())
                .detail("recipient", due.recipientId());
        audit.record(target == null ? event.detail("to", "nobody") : event.detail("to", target));
        meters.escalated();
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("seq", due.seq());
        step.put("from", due.recipientId());
        if (target != null) {
            step.put("to", target);
            handOver(due, target, settings);
        }
        messages.appendStep(due.orgId(), due.conversationId(), due.senderId(), "urgent_escalated", step);
        doorbell.ringAfterCommit(new Ring.UrgentChanged(due.orgId(), due.id()));
        return true;
    }

    /**
     * The colleague an alert escalates to: the first colleague the recipient forwards to now (Unavailable, or Busy
     * with forwarding), else the organisation's escalation contact — never the recipient or the sender themselves,
     * and only an active staff member of the organisation.
     */
    private String escalationTarget(UrgentAlert due, UrgentSettings settings) {
        Availability status = availability.of(due.orgId(), due.recipientId());
        if (status.forwarding()) {
            Map<String, User> delegates = users.findAll(due.orgId(), status.forwardTo());
            for (String id : status.forwardTo()) {
                User u = delegates.get(id);
                if (u != null && !u.disabled() && !u.isPatient() && !id.equals(due.senderId())) {
                    return id;
                }
            }
        }
        String contact = settings.escalationContactId();
        if (contact == null || contact.equals(due.recipientId()) || contact.equals(due.senderId())) {
            return null;
        }
        return users.find(due.orgId(), contact)
                .filter(u -> !u.disabled() && !u.isPatient())
                .map(User::id)
                .orElse(null);
    }

    /**
     * Hands the duty to {@code target}: an urgent message from the sender in their direct conversation — the text
     * itself when the conversation is not linked to a patient, else only who to call — whose alert is linked to the
     * unacknowledged one (either acknowledgement closes both) and does not escalate again. The client message id is
     * derived from the alert, so a repeated hand-over returns the first.
     */
    private void handOver(UrgentAlert due, String target, UrgentSettings settings) {
        Map<String, String> names = users.displayNames(due.orgId(), List.of(due.senderId(), due.recipientId()));
        CurrentUser sender = users.find(due.orgId(), due.senderId())
                .map(u -> new CurrentUser(
                        u.id(), u.orgId(), u.displayName(), u.role(), false, "urgent-escalation", "server"))
                .orElseThrow();
        String direct = conversations
                .create(
                        sender,
                        new NewConversation(
                                Conversation.Kind.DIRECT,
                                Conversation.Audience.STAFF,
                                null,
                                null,
                                true,
                                List.of(target),
                                null))
                .id();
        String header = "Escalated: not acknowledged by " + names.get(due.recipientId()) + " within "
                + settings.escalateAfterMinutes() + " minutes.";
        String body = header + " Please contact " + names.get(due.senderId()) + ".";
        if (!due.patientLinked()) {
            List<MessageView> original = messages.entriesAfter(due.orgId(), due.conversationId(), due.seq() - 1, 1);
            if (!original.isEmpty() && original.getFirst().body() != null) {
                body = header + "\n\n" + original.getFirst().body();
            }
        }
        MessageService.Sent copy;
        try {
            copy = messages.send(sender, direct, "escalation-" + due.id(), body, true);
        } catch (ApiProblem tooLong) {
            copy = messages.send(
                    sender,
                    direct,
                    "escalation-" + due.id(),
                    header + " Please contact " + names.get(due.senderId()) + ".",
                    true);
        }
        for (UrgentAlert raised : repository.ofRecipient(due.orgId(), direct, copy.seq(), target)) {
            repository.linkEscalation(raised.id(), due.id());
        }
    }

    /**
     * The admin report of a date range: per care team, urgent alerts, time to acknowledge (median, 90th percentile)
     * and escalations. Audited ({@code URGENT_REPORT_VIEWED}).
     *
     * @throws ApiProblem 403 for a non-admin; 400 when the range is empty, reversed or longer than
     *                    {@link #MAX_REPORT_DAYS} days
     */
    public UrgentReport report(CurrentUser actor, long from, long to) {
        roles.requireAdmin(actor, AuditType.URGENT_REPORT_VIEWED, "Only an organisation admin can see this report");
        if (to <= from || to - from > Duration.ofDays(MAX_REPORT_DAYS).toMillis()) {
            throw ApiProblem.badRequest("'to' must be after 'from', at most " + MAX_REPORT_DAYS + " days later");
        }
        List<UrgentRepository.ReportRow> rows = repository.reportRows(actor.orgId(), from, to);
        List<UrgentReport.Row> out = new java.util.ArrayList<>();
        java.util.Set<String> inATeam = new java.util.HashSet<>();
        for (CareTeam team : teams.list(actor)) {
            java.util.Set<String> members = new java.util.HashSet<>(team.memberIds());
            inATeam.addAll(members);
            out.add(row(
                    team.id(),
                    team.name(),
                    rows.stream().filter(r -> members.contains(r.recipientId())).toList()));
        }
        List<UrgentRepository.ReportRow> teamless =
                rows.stream().filter(r -> !inATeam.contains(r.recipientId())).toList();
        if (!teamless.isEmpty()) {
            out.add(row(null, null, teamless));
        }
        audit.record(actor.audit(AuditType.URGENT_REPORT_VIEWED)
                .target("organisation", actor.orgId())
                .detail("from", from)
                .detail("to", to));
        return new UrgentReport(from, to, out);
    }

    private static UrgentReport.Row row(String teamId, String teamName, List<UrgentRepository.ReportRow> rows) {
        long[] seconds = rows.stream()
                .filter(r -> r.acknowledgedAt() != null)
                .mapToLong(r -> (r.acknowledgedAt() - r.createdAt()) / 1000)
                .sorted()
                .toArray();
        int escalations =
                (int) rows.stream().filter(r -> r.escalatedAt() != null).count();
        return new UrgentReport.Row(
                teamId, teamName, rows.size(), seconds.length, median(seconds), nearestRank(seconds, 0.9), escalations);
    }

    /** The middle value (the mean of the two middle ones for an even count); null for none. */
    static Long median(long[] sorted) {
        if (sorted.length == 0) {
            return null;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The smallest value with at least {@code fraction} of the values at or below it; null for none. */
    static Long nearestRank(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The organisation's escalation rules. */
    public UrgentSettings settings(CurrentUser actor) {
        return repository.settings(actor.orgId());
    }

    /**
     * An admin changes the escalation rules.
     *
     * @throws ApiProblem 403 for a non-admin; 400 for minutes out of range or a contact who is not active staff
     */
    public UrgentSettings updateSettings(
            CurrentUser actor, int escalateAfterMinutes, int repeatEveryMinutes, String escalationContactId) {
        roles.requireAdmin(
                actor, AuditType.URGENT_SETTINGS_CHANGED, "Only an organisation admin can change the escalation rules");
        if (escalationContactId != null
                && users.find(actor.orgId(), escalationContactId)
                        .filter(u -> !u.disabled() && !u.isPatient())
                        .isEmpty()) {
            throw ApiProblem.badRequest(
                    "No active staff member in your organisation has the id " + escalationContactId);
        }
        UrgentSettings settings = new UrgentSettings(escalateAfterMinutes, repeatEveryMinutes, escalationContactId);
        return transactions.write(() -> {
            repository.putSettings(actor.orgId(), settings);
            audit.record(actor.audit(AuditType.URGENT_SETTINGS_CHANGED)
                    .target("organisation", actor.orgId())
                    .detail("escalateAfterMinutes", escalateAfterMinutes)
                    .detail("repeatEveryMinutes", repeatEveryMinutes)
                    .detail("escalationContact", escalationContactId == null ? "none" : escalationContactId));
            return settings;
        });
    }

    /** Staff give their own mobile number for urgent nudges; null removes it. The number is never logged. */
    public void setMobile(CurrentUser actor, String normalisedMobile) {
        if (actor.isPatient() || actor.role() == null || !actor.role().isStaff()) {
            throw ApiProblem.forbidden("Only staff receive urgent nudges");
        }
        transactions.write(() -> {
            repository.putMobile(actor.orgId(), actor.userId(), normalisedMobile);
            audit.record(actor.audit(AuditType.USER_UPDATED)
                    .target("user", actor.userId())
                    .detail("mobileForUrgent", normalisedMobile == null ? "removed" : "set"));
            return null;
        });
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
