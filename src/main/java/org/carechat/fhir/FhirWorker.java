package org.carechat.fhir;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The background worker that keeps each organisation's EHR link current: on every tick it takes the organisations
 * whose next attempt is due, claims each (so two nodes never run the same one at once; a node that dies holds the
 * claim only for its lease), and runs the {@link SyncStep}s in order. Success and failure are recorded for the
 * console by {@link SyncStates}, with back-off after a failure. It runs on its own thread: the EHR is an upstream,
 * and nothing on the message path ever waits for it.
 */
@Component
class FhirWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FhirWorker.class);

    private final FhirConnectionRepository connections;
    private final FhirClients clients;
    private final SyncStates states;
    private final List<SyncStep> steps;
    private final Clock clock;
    private final Duration lease;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("carechat-fhir-worker").factory());

    FhirWorker(
            FhirConnectionRepository connections,
            FhirClients clients,
            SyncStates states,
            List<SyncStep> steps,
            Clock clock,
            @Value("${carechat.fhir.timeout:PT20S}") Duration timeout,
            @Value("${carechat.fhir.tick:PT5S}") Duration tick) {
        this.connections = connections;
        this.clients = clients;
        this.states = states;
        this.steps =
                steps.stream().sorted(Comparator.comparingInt(SyncStep::order)).toList();
        this.clock = clock;
        this.lease = timeout.multipliedBy(10).plusMinutes(5);
        if (!tick.isZero()) {
            timer.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs every organisation that is due. */
    void tick() {
        try {
            long now = clock.millis();
            for (String orgId : connections.due(now)) {
                if (connections.claim(orgId, now, now + lease.toMillis())) {
                    pass(orgId);
                }
            }
        } catch (RuntimeException e) {
            log.warn("the EHR worker's tick failed: {}", SafeLog.describe(e));
        }
    }

    /**
     * One pass for one organisation, now, whatever its schedule: the steps in order.
     *
     * @return the state recorded after it
     */
    SyncState pass(String orgId) {
        FhirConnection connection = connections.find(orgId).orElseThrow().connection();
        String step = "token";
        try {
            var client = clients.forOrg(orgId).orElseThrow();
            for (SyncStep each : steps) {
                if (!each.wanted(connection)) {
                    continue;
                }
                step = each.name();
                each.run(orgId, client);
            }
            return states.succeeded(orgId, connection.syncIntervalSeconds());
        } catch (RuntimeException e) {
            FhirUnavailable failure = EhrFailures.describe(step, e);
            if (failure.getMessage().contains("HTTP 401")) {
                clients.tokenRefused(orgId);
            }
            log.warn("EHR sync of organisation {} failed: {}", orgId, failure.getMessage());
            return states.failed(orgId, connection.syncIntervalSeconds(), failure.getMessage());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
