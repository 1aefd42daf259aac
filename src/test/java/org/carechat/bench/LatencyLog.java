package org.carechat.bench;

import java.util.Arrays;

/**
 * Scheduled send time and receive time of every message of one step, by message index. Latency is measured
 * from the time the message was scheduled (open loop), not from when the generator got round to sending it, so
 * a server that falls behind shows it in the figures (no coordinated omission).
 */
final class LatencyLog {

    private final long[] scheduled;
    private final long[] received;

    LatencyLog(int capacity) {
        scheduled = new long[capacity];
        received = new long[capacity];
    }

    void scheduled(long index, long nanos) {
        scheduled[(int) index] = nanos;
    }

    void received(long index, long nanos) {
        if (index < received.length && received[(int) index] == 0) {
            received[(int) index] = nanos;
        }
    }

    /** Figures over messages {@code from} (inclusive) to {@code to} (exclusive). */
    Summary summarise(int from, int to) {
        long[] latencies = new long[to - from];
        int n = 0;
        int missing = 0;
        for (int i = from; i < to; i++) {
            if (received[i] == 0) {
                missing++;
            } else {
                latencies[n++] = received[i] - scheduled[i];
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
