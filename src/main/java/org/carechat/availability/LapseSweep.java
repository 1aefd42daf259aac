package org.carechat.availability;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carechat.system.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Lapses availability statuses whose end has come, within {@value #TICK_MILLIS} ms of it. Reads do not wait for
 * the sweep (a status past its end already reads as Available); the sweep makes the stored row agree and tells the
 * colleagues' open apps. Every node sweeps; the conditional delete makes each lapse happen once.
 */
@Component
class LapseSweep implements DisposableBean {

    static final long TICK_MILLIS = 500;
    private static final Logger log = LoggerFactory.getLogger(LapseSweep.class);

    private final AvailabilityService availability;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("carechat-availability-lapse").factory());

    LapseSweep(AvailabilityService availability) {
        this.availability = availability;
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            availability.lapseDue();
        } catch (RuntimeException e) {
            log.warn("availability lapse sweep failed: {}", SafeLog.describe(e));
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
