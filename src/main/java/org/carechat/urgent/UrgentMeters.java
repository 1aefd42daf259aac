package org.carechat.urgent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The closed loop's numbers: how long an urgent alert waits for its acknowledgement (from the alert, escalated ones
 * from their escalation) and how many alerts escalate. Ids and tags carry no content.
 */
@Component
class UrgentMeters {

    private final Timer timeToAcknowledge;
    private final Counter escalations;

    UrgentMeters(MeterRegistry meters) {
        this.timeToAcknowledge = Timer.builder("carechat.urgent.acknowledge")
                .description("Time from an urgent alert to its acknowledgement")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofHours(1))
                .register(meters);
        this.escalations = Counter.builder("carechat.urgent.escalations")
                .description("Urgent alerts escalated because nobody acknowledged in time")
                .register(meters);
    }

    void acknowledged(UrgentAlert alert, long now) {
        timeToAcknowledge.record(Duration.ofMillis(Math.max(0, now - alert.createdAt())));
    }

    void escalated() {
        escalations.increment();
    }
}
