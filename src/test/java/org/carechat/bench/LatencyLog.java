package org.carechat.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Scheduled send time and receive time of every message of one step, by message index. Latency is measured
 * from the time the message was scheduled (open loop), not from when the generator got round to sending it, so
 * a server that falls behind shows it in the figures (no coordinated omission). A message of a group counts as
 * received when its last recipient received it: its latency is the time until everyone had it.
 */
final class LatencyLog {

    private final long[] scheduled;
    private final AtomicLongArray received;
    private final AtomicIntegerArray arrivals;
    private final int recipients;

    /** For 1:1 messages: one recipient each. */
    LatencyLog(int capacity) {
        this(capacity, 1);
    }

    /** For messages that each reach {@code recipients} devices. */
    LatencyLog(int capacity, int recipients) {
        scheduled = new long[capacity];
        received = new AtomicLongArray(capacity);
        arrivals = new AtomicIntegerArray(capacity);
        this.recipients = recipients;
    }

    void scheduled(long index, long nanos) {
        scheduled[(int) index] = nanos;
    }

    /** One recipient's device received message {@code index}; called from the clients' threads. */
    void received(long index, long nanos) {
        if (index < scheduled.length && arrivals.incrementAndGet((int) index) == recipients) {
            received.set((int) index, nanos);
        }
    }

    /** Figures over messages {@code from} (inclusive) to {@code to} (exclusive). */
    Summary summarise(int from, int to) {
        long[] latencies = new long[to - from];
        int n = 0;
        int missing = 0;
        for (int i = from; i < to; i++) {
            long at = received.get(i);
            if (at == 0) {
                missing++;
            } else {
                latencies[n++] = at - scheduled[i];
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Summary(
                to - from,
                n,
                missing,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                n == 0 ? Double.NaN : sorted[n - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Latencies in milliseconds. */
    record Summary(int offered, int delivered, int missing, double p50, double p99, double max) {}
}
