package org.carechat.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel whose sends are counted ({@code carechat.notification.sends} by channel and outcome: {@code sent},
 * {@code failed}, {@code unknown}) and whose link state is a gauge ({@code carechat.notification.link.up}: 1 when
 * the last send went through, 0 when it failed, -1 before the first). Every send to patients (notices, one-time
 * codes, urgent SMS fallback) goes through one of these; tags carry the channel name only, never an address. It also
 * keeps the last success and failure on this node, which the console's system page shows ({@link #status()}).
 */
final class MeteredChannel implements PatientChannel {

    private static final int UNKNOWN = -1;

    private final PatientChannel channel;
    private final Counter sent;
    private final Counter failed;
    private final Counter unknown;
    private final AtomicInteger linkUp = new AtomicInteger(UNKNOWN);
    private final Clock clock;
    private volatile Long lastSentAt;
    private volatile Failure lastFailure;

    private record Failure(long at, String error, String kind) {}

    MeteredChannel(PatientChannel channel, MeterRegistry meters, Clock clock) {
        this.channel = channel;
        this.clock = clock;
        this.sent = outcome(meters, "sent");
        this.failed = outcome(meters, "failed");
        this.unknown = outcome(meters, "unknown");
        Gauge.builder("carechat.notification.link.up", linkUp, AtomicInteger::get)
                .description("1 when the channel's last send went through (SMS centre, SMTP server), 0 when it "
                        + "failed, -1 before its first send")
                .tag("channel", channel.name())
                .register(meters);
    }

    private Counter outcome(MeterRegistry meters, String outcome) {
        return Counter.builder("carechat.notification.sends")
                .description(
                        "Texts sent to patients (notices, one-time codes, urgent fallbacks, contact request SMS), by channel "
                                + "and outcome")
                .tag("channel", channel.name())
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public String name() {
        return channel.name();
    }

    @Override
    public boolean available() {
        return channel.available();
    }

    @Override
    public String addressOf(String mobile, String email) {
        return channel.addressOf(mobile, email);
    }

    @Override
    public String send(String address, String subject, String text) {
        try {
            String providerId = channel.send(address, subject, text);
            sent.increment();
            linkUp.set(1);
            lastSentAt = clock.millis();
            return providerId;
        } catch (SendFailed e) {
            (e.maybeSent() ? unknown : failed).increment();
            linkUp.set(0);
            lastFailure = new Failure(clock.millis(), e.getMessage(), e.maybeSent() ? "unknown" : "refused");
            throw e;
        }
    }

    /** Whether the channel is configured, and its last sends on this node since it started. */
    ChannelStatus status() {
        Failure f = lastFailure;
        return new ChannelStatus(
                channel.name(),
                channel.available(),
                lastSentAt,
                f == null ? null : f.at(),
                f == null ? null : f.error(),
                f == null ? null : f.kind());
    }
}
