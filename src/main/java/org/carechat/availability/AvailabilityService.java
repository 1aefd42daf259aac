package org.carechat.availability;

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
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.storage.Transactions;
import org.carechat.system.ShortCache;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * Staff availability (docs/urgent.md §Availability): Available, Busy or Unavailable, optionally until an end time.
 *
 * <p>The stored row is the truth and the clock decides: a status whose end has come reads as Available at once,
 * whether or not the lapse sweep ({@link LapseSweep}) has deleted it yet, so a status lapses exactly at its end by
 * the server's clock, also while its user is offline. Every change — chosen or lapsed — is audited in its
 * transaction and rings {@link Ring.AvailabilityChanged} after the commit, so colleagues' open apps show it live.
 * Presence (online or not) is a different thing: it is never stored.
 */
@Service
public class AvailabilityService {

    /** The longest a chosen status may run before it lapses; longer absences are set without an end. */
    public static final Duration MAX_DURATION = Duration.ofDays(14);

    public static final int MAX_DELEGATES = 5;
    static final int SWEEP_BATCH = 200;

    /** How long another node's change may take to show here, should its ring be lost (docs/decisions.md). */
    static final Duration CACHE_TIME_TO_LIVE = Duration.ofSeconds(2);

    private final AvailabilityRepository repository;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Doorbell doorbell;
    private final Clock clock;
    private final UserService users;

    /** Each user's stored status, read for each direct message (issue #20); empty for none. */
    private final ShortCache<String, Optional<Availability>> stored = new ShortCache<>(CACHE_TIME_TO_LIVE, 10_000);

    AvailabilityService(
            AvailabilityRepository repository,
            AuditLog audit,
            Transactions transactions,
            Doorbell doorbell,
            Clock clock,
            UserService users) {
        this.users = users;
        this.repository = repository;
        this.audit = audit;
        this.transactions = transactions;
        this.doorbell = doorbell;
        this.clock = clock;
        // subscribed before anyone who reads the status on a ring (they are built after this service)
        doorbell.subscribe(ring -> {
            if (ring instanceof Ring.AvailabilityChanged changed) {
                stored.invalidate(changed.userId());
            }
        });
        doorbell.subscribeResync(stored::invalidateAll);
    }

    /**
     * Sets the caller's own status.
     *
     * @param statusCode {@code available}, {@code busy} or {@code unavailable}
     * @param until      when it lapses back to Available (epoch ms, after now and at most {@link #MAX_DURATION}
     *                   ahead), or null for no end; must be null for {@code available}
     * @throws ApiProblem 400 for an unknown status or an end time out of range; 403 for a patient's account
     */
    public Availability set(CurrentUser actor, String statusCode, Long until) {
        return set(actor, statusCode, until, List.of(), false);
    }

    /**
     * Sets the caller's own status, and the colleagues their direct messages are also handed to while it lasts
     * (docs/urgent.md §Forwarding).
     *
     * @param forwardTo       at most {@link #MAX_DELEGATES} active staff of the caller's organisation, not the caller;
     *                        only with busy or unavailable
     * @param forwardWhenBusy forward while Busy too (Unavailable always forwards when colleagues are named)
     * @throws ApiProblem 400 as for the status, and for delegates out of range; 403 for a patient's account
     */
    public Availability set(
            CurrentUser actor, String statusCode, Long until, List<String> forwardTo, boolean forwardWhenBusy) {
        List<String> delegates =
                forwardTo == null ? List.of() : forwardTo.stream().distinct().toList();
        if (actor.isPatient()) {
            throw ApiProblem.forbidden("Only staff have an availability status");
        }
        Availability.Status status = Availability.Status.parse(statusCode)
                .orElseThrow(() -> ApiProblem.badRequest("'status' must be one of available, busy, unavailable"));
        long now = clock.millis();
        if (until != null && status == Availability.Status.AVAILABLE) {
            throw ApiProblem.badRequest("'until' goes only with busy or unavailable");
        }
        if (until != null && (until <= now || until > now + MAX_DURATION.toMillis())) {
            throw ApiProblem.badRequest(
                    "'until' must be after now and at most " + MAX_DURATION.toDays() + " days ahead");
        }
        requireDelegates(actor, status, delegates);
        return transactions.write(() -> {
            if (status == Availability.Status.AVAILABLE) {
                repository.clear(actor.orgId(), actor.userId());
            } else {
                repository.put(actor.orgId(), actor.userId(), status, until, now, delegates, forwardWhenBusy);
            }
            AuditEvent event = actor.audit(AuditType.AVAILABILITY_CHANGED)
                    .target("user", actor.userId())
                    .detail("status", status.code())
                    .detail("forwardTo", String.join(",", delegates))
                    .detail("forwardWhenBusy", forwardWhenBusy);
            audit.record(until == null ? event : event.detail("until", until));
            transactions.afterCommit(() -> stored.invalidate(actor.userId()));
            doorbell.ringAfterCommit(new Ring.AvailabilityChanged(actor.orgId(), actor.userId()));
            return status == Availability.Status.AVAILABLE
                    ? Availability.available(actor.userId())
                    : new Availability(actor.userId(), status, until, now, delegates, forwardWhenBusy);
        });
    }

    private void requireDelegates(CurrentUser actor, Availability.Status status, List<String> delegates) {
        if (delegates.isEmpty()) {
            return;
        }
        if (status == Availability.Status.AVAILABLE) {
            throw ApiProblem.badRequest("'forwardTo' goes only with busy or unavailable");
        }
        if (delegates.size() > MAX_DELEGATES) {
            throw ApiProblem.badRequest("Forward to at most " + MAX_DELEGATES + " colleagues");
        }
        if (delegates.contains(actor.userId())) {
            throw ApiProblem.badRequest("You cannot forward your messages to yourself");
        }
        Map<String, User> found = users.findAll(actor.orgId(), delegates);
        List<String> unknown = delegates.stream()
                .filter(id -> !found.containsKey(id)
                        || found.get(id).disabled()
                        || found.get(id).isPatient())
                .toList();
        if (!unknown.isEmpty()) {
            // Another organisation's ids are answered exactly like ids that do not exist.
            throw ApiProblem.badRequest("No active staff member in your organisation has the id(s) " + unknown);
        }
    }

    /**
     * One staff member's status now (Available when none is set or it has lapsed). The stored row is kept in memory
     * for at most {@link #CACHE_TIME_TO_LIVE}; a change made here, or rung from another node, shows at once, and a
     * status still lapses exactly at its end.
     */
    public Availability of(String orgId, String userId) {
        long now = clock.millis();
        return stored.get(userId, id -> repository.current(orgId, id, now))
                .filter(status -> status.until() == null || status.until() > now)
                .orElseGet(() -> Availability.available(userId));
    }

    /** Everyone of the caller's organisation who is not Available now; everyone else is. */
    public List<Availability> notAvailable(CurrentUser actor) {
        return repository.current(actor.orgId(), clock.millis());
    }

    /**
     * Deletes the statuses whose end has come and tells the colleagues, each in its own transaction with its audit
     * row. Safe on several nodes at once: the delete is conditional, so each lapse is recorded and rung once.
     *
     * @return how many lapsed here
     */
    int lapseDue() {
        int lapsed = 0;
        for (AvailabilityRepository.Due due : repository.due(clock.millis(), SWEEP_BATCH)) {
            boolean mine = transactions.write(() -> {
                if (!repository.lapse(due)) {
                    return false;
                }
                audit.record(AuditEvent.of(AuditType.AVAILABILITY_LAPSED)
                        .org(due.orgId())
                        .target("user", due.userId())
                        .detail("until", due.untilAt()));
                transactions.afterCommit(() -> stored.invalidate(due.userId()));
                doorbell.ringAfterCommit(new Ring.AvailabilityChanged(due.orgId(), due.userId()));
                return true;
            });
            lapsed += mine ? 1 : 0;
        }
        return lapsed;
    }
}
