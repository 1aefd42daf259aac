package org.carechat.notification;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The channels this installation can reach patients by (SMS, e-mail), found by name. At start it says, in one line,
 * which are on — or that patient notifications are off because none is configured.
 */
@Component
public class PatientChannels {

    private static final Logger log = LoggerFactory.getLogger(PatientChannels.class);

    private final List<PatientChannel> channels;
    private final Map<String, Outcomes> outcomes = new ConcurrentHashMap<>();
    private final Clock clock;

    PatientChannels(List<PatientChannel> channels, MeterRegistry meters, Clock clock) {
        this.channels = channels.stream()
                .map(channel -> (PatientChannel) new MeteredChannel(channel, meters))
                .toList();
        this.clock = clock;
    }

    /**
     * The channel called {@code name} when it is configured. Its sends are recorded for {@link #status()}: whatever
     * feature sends (notices, codes, urgent nudges), the console shows the channel's last success and failure.
     */
    public Optional<PatientChannel> available(String name) {
        return channels.stream()
                .filter(c -> c.name().equals(name) && c.available())
                .findFirst()
                .map(this::recorded);
    }

    /** The channel called {@code name}, configured or not (to normalise a contact without sending to it). */
    public Optional<PatientChannel> named(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst().map(this::recorded);
    }

    /** Each channel, whether it is configured, and its last sends on this node since it started. */
    public List<ChannelStatus> status() {
        return channels.stream()
                .map(c ->
                        outcomes.computeIfAbsent(c.name(), n -> new Outcomes()).status(c))
                .toList();
    }

    private PatientChannel recorded(PatientChannel channel) {
        Outcomes record = outcomes.computeIfAbsent(channel.name(), n -> new Outcomes());
        return new PatientChannel() {
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
                    String id = channel.send(address, subject, text);
                    record.sent(clock.millis());
                    return id;
                } catch (SendFailed failed) {
                    record.failed(clock.millis(), failed);
                    throw failed;
                }
            }
        };
    }

    /** The last outcomes of one channel; written by any sending thread. */
    private static final class Outcomes {
        private volatile Long lastSentAt;
        private volatile Failure lastFailure;

        private record Failure(long at, String error, String kind) {}

        void sent(long at) {
            lastSentAt = at;
        }

        void failed(long at, PatientChannel.SendFailed failure) {
            lastFailure = new Failure(at, failure.getMessage(), failure.maybeSent() ? "unknown" : "refused");
        }

        ChannelStatus status(PatientChannel channel) {
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

    public boolean anyAvailable() {
        return channels.stream().anyMatch(PatientChannel::available);
    }

    @EventListener(ApplicationReadyEvent.class)
    void sayWhatIsOn(ApplicationReadyEvent ready) {
        if (ready.getApplicationContext().getEnvironment().matchesProfiles("cli")) {
            return; // an admin command, not a server
        }
        List<String> on = channels.stream()
                .filter(PatientChannel::available)
                .map(PatientChannel::name)
                .sorted()
                .toList();
        if (on.isEmpty()) {
            log.warn("Patient notifications are off: no SMTP server (spring.mail.host) and no SMS centre "
                    + "(carechat.sms.host) is configured, so patients get neither notices nor one-time codes "
                    + "(docs/operations.md)");
        } else {
            log.info("Patient notifications and one-time codes go out by {}", String.join(" and ", on));
        }
    }
}
