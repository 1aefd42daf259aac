package org.carechat.system;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) for every rate limit, keyed by what they limit: an address, an account, a user, a socket.
 * Sizes come from {@code carechat.limits.*}; time from the server's {@link Clock}, so tests can move it.
 *
 * <p>Buckets live in this node's memory: a restart forgets them, and with several nodes each enforces its own share
 * (docs/security.md). Full buckets carry no state and are dropped every minute, so memory follows active keys.
 */
@Component
public class RateLimiter implements DisposableBean {

    /** The limits, each with the setting that sizes it. */
    public enum Limit {
        /** Sign-in attempts (password or code step) from one address. */
        SIGN_INS_PER_ADDRESS,
        /** Failed sign-ins of one username; when used up the account is locked until the bucket refills. */
        FAILED_SIGN_INS_PER_ACCOUNT,
        /** Wrong second-factor codes of one account. */
        FAILED_CODES_PER_ACCOUNT,
        /** Messages sent by one user, over REST and WebSocket together. */
        SENDS_PER_USER,
        /** Messages sent from one address (several users behind one proxy share it). */
        SENDS_PER_ADDRESS,
        /** Frames received from one user, over all their sockets. */
        FRAMES_PER_USER,
        /** Frames received from one address, over all its sockets. */
        FRAMES_PER_ADDRESS,
        /** One-time codes asked for one mobile number or e-mail address (whether a record has it or not). */
        CODES_PER_DESTINATION,
        /** One-time codes asked for from one address. */
        CODES_PER_ADDRESS,
        /** Attachments uploaded by one user: with the file size limit, bounds what one account can store. */
        UPLOADS_PER_USER,
        /** Public contact forms sent from one address. */
        CONTACT_FORMS_PER_ADDRESS,
        /** Public contact forms naming one mobile number (whether a record has it or not). */
        CONTACT_FORMS_PER_NUMBER,
        /** Reads of a sign-in page's public options (patients' or staff's) from one address, per route. */
        PUBLIC_READS_PER_ADDRESS
    }

    /**
     * The outcome of taking a token.
     *
     * @param remaining         tokens left after this one
     * @param retryAfterSeconds when refused: how long until a token is back (at least 1)
     * @param firstRefusal      refused, and the previous take of this key was allowed: report this one (audit),
     *                          the rest of the run is only counted
     */
    public record Decision(boolean allowed, long remaining, long retryAfterSeconds, boolean firstRefusal) {}

    private record Entry(Bucket bucket, long capacity, boolean[] refusing) {}

    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
    private final Map<Limit, CareChatProperties.Rate> rates;
    private final TimeMeter time;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("carechat-rate-limit-sweep").factory());

    private final Map<Limit, Counter> refusals = new EnumMap<>(Limit.class);
    private final Map<Limit, Counter> lockouts = new EnumMap<>(Limit.class);

    RateLimiter(CareChatProperties properties, Clock clock, MeterRegistry meters) {
        for (Limit limit : Limit.values()) {
            String tag = limit.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            refusals.put(
                    limit,
                    Counter.builder("carechat.limits.refused")
                            .description("Requests refused by a rate limit (429 or a closed socket), by limit")
                            .tag("limit", tag)
                            .register(meters));
            if (limit == Limit.FAILED_SIGN_INS_PER_ACCOUNT || limit == Limit.FAILED_CODES_PER_ACCOUNT) {
                lockouts.put(
                        limit,
                        Counter.builder("carechat.limits.lockouts")
                                .description("Accounts locked by too many failed sign-ins or second-factor codes")
                                .tag("limit", tag)
                                .register(meters));
            }
        }
        CareChatProperties.Limits limits = properties.limits();
        this.rates = Map.ofEntries(
                Map.entry(Limit.UPLOADS_PER_USER, limits.uploadsPerUser()),
                Map.entry(Limit.CONTACT_FORMS_PER_ADDRESS, limits.contactFormsPerAddress()),
                Map.entry(Limit.CONTACT_FORMS_PER_NUMBER, limits.contactFormsPerNumber()),
                Map.entry(Limit.PUBLIC_READS_PER_ADDRESS, limits.publicReadsPerAddress()),
                Map.entry(Limit.CODES_PER_DESTINATION, limits.codesPerDestination()),
                Map.entry(Limit.CODES_PER_ADDRESS, limits.codesPerAddress()),
                Map.entry(Limit.SIGN_INS_PER_ADDRESS, limits.signInsPerAddress()),
                Map.entry(Limit.FAILED_SIGN_INS_PER_ACCOUNT, limits.failedSignInsPerAccount()),
                Map.entry(Limit.FAILED_CODES_PER_ACCOUNT, limits.failedCodesPerAccount()),
                Map.entry(Limit.SENDS_PER_USER, limits.sendsPerUser()),
                Map.entry(Limit.SENDS_PER_ADDRESS, limits.sendsPerAddress()),
                Map.entry(Limit.FRAMES_PER_USER, limits.framesPerUser()),
                Map.entry(Limit.FRAMES_PER_ADDRESS, limits.framesPerAddress()));
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return TimeUnit.MILLISECONDS.toNanos(clock.millis());
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        sweeper.scheduleWithFixedDelay(this::dropFullBuckets, 1, 1, TimeUnit.MINUTES);
    }

    /** Takes one token of {@code limit} for {@code key}. */
    public Decision take(Limit limit, String key) {
        Entry entry = entry(limit, key);
        ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        count(limit, probe.isConsumed(), probe.getRemainingTokens());
        synchronized (entry.refusing()) {
            boolean first = !probe.isConsumed() && !entry.refusing()[0];
            entry.refusing()[0] = !probe.isConsumed();
            return new Decision(
                    probe.isConsumed(),
                    probe.getRemainingTokens(),
                    probe.isConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill()),
                    first);
        }
    }

    /** Whether a token is there, without taking it (for limits counted on failures, checked before trying). */
    public Decision check(Limit limit, String key) {
        Entry entry = buckets.get(limit.name() + "|" + key);
        if (entry == null) {
            return new Decision(true, rates.get(limit).capacity(), 0, false);
        }
        var estimate = entry.bucket().estimateAbilityToConsume(1);
        count(limit, estimate.canBeConsumed(), 1);
        synchronized (entry.refusing()) {
            boolean first = !estimate.canBeConsumed() && !entry.refusing()[0];
            entry.refusing()[0] = !estimate.canBeConsumed();
            return new Decision(
                    estimate.canBeConsumed(),
                    entry.bucket().getAvailableTokens(),
                    estimate.canBeConsumed() ? 0 : seconds(estimate.getNanosToWaitForRefill()),
                    first);
        }
    }

    /** A refusal counts for its limit; the failure that uses up a failure-counting limit is a lock-out. */
    private void count(Limit limit, boolean allowed, long remaining) {
        if (!allowed) {
            refusals.get(limit).increment();
        } else if (remaining == 0 && lockouts.containsKey(limit)) {
            lockouts.get(limit).increment();
        }
    }

    /** Forgets {@code key}'s use of {@code limit} (a successful sign-in clears its failures). */
    public void reset(Limit limit, String key) {
        buckets.remove(limit.name() + "|" + key);
    }

    private Entry entry(Limit limit, String key) {
        return buckets.computeIfAbsent(limit.name() + "|" + key, k -> {
            CareChatProperties.Rate rate = rates.get(limit);
            Bucket bucket = Bucket.builder()
                    .addLimit(l -> l.capacity(rate.capacity()).refillGreedy(rate.capacity(), rate.per()))
                    .withCustomTimePrecision(time)
                    .build();
            return new Entry(bucket, rate.capacity(), new boolean[1]);
        });
    }

    private void dropFullBuckets() {
        buckets.values().removeIf(e -> e.bucket().getAvailableTokens() >= e.capacity());
    }

    private static long seconds(long nanos) {
        return Math.max(1, Duration.ofNanos(nanos).toSeconds() + (nanos % 1_000_000_000 == 0 ? 0 : 1));
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
    }
}
