package org.carechat.fhir;

import java.time.Clock;
import java.time.Duration;
import org.carechat.storage.Transactions;
import org.springframework.stereotype.Component;

/**
 * Records each attempt of the EHR worker for the console, and decides when the next may run: after a success, one
 * sync interval later; after a failure, an exponential back-off from 5 seconds, doubled each time and capped at 15
 * minutes (or the sync interval, if longer), so a down EHR is not hammered and comes back within the cap.
 */
@Component
class SyncStates {

    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration MAX_RETRY = Duration.ofMinutes(15);

    private final FhirConnectionRepository repository;
    private final Transactions transactions;
    private final Clock clock;

    SyncStates(FhirConnectionRepository repository, Transactions transactions, Clock clock) {
        this.repository = repository;
        this.transactions = transactions;
        this.clock = clock;
    }

    SyncState of(String orgId) {
        return repository.state(orgId).orElseGet(() -> SyncState.pending(clock.millis()));
    }

    /** After a change of settings: run as soon as the worker next looks, with a clean slate. */
    void reset(String orgId) {
        repository.saveState(orgId, SyncState.pending(clock.millis()));
    }

    SyncState succeeded(String orgId, int intervalSeconds) {
        long now = clock.millis();
        SyncState after = new SyncState("ok", now, now, null, 0, now + intervalSeconds * 1000L);
        transactions.run(() -> repository.saveState(orgId, after));
        return after;
    }

    SyncState failed(String orgId, int intervalSeconds, String error) {
        long now = clock.millis();
        SyncState before = of(orgId);
        int failures = before.failures() + 1;
        SyncState after = new SyncState(
                "failing", now, before.lastSuccessAt(), error, failures, now + backOff(failures, intervalSeconds));
        transactions.run(() -> repository.saveState(orgId, after));
        return after;
    }

    static long backOff(int failures, int intervalSeconds) {
        long cap = Math.max(MAX_RETRY.toMillis(), intervalSeconds * 1000L);
        long delay = FIRST_RETRY.toMillis() << Math.min(failures - 1, 20);
        return Math.min(delay, cap);
    }
}
