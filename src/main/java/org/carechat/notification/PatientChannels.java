package org.carechat.notification;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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

    private final List<MeteredChannel> channels;

    PatientChannels(List<PatientChannel> channels, MeterRegistry meters, Clock clock) {
        this.channels = channels.stream()
                .map(channel -> new MeteredChannel(channel, meters, clock))
                .toList();
    }

    /**
     * The channel called {@code name} when it is configured. Its sends are recorded for {@link #status()}: whatever
     * feature sends (notices, codes, urgent nudges), the console shows the channel's last success and failure.
     */
    public Optional<PatientChannel> available(String name) {
        return channels.stream()
                .filter(c -> c.name().equals(name) && c.available())
                .findFirst()
                .map(PatientChannel.class::cast);
    }

    /** The channel called {@code name}, configured or not (to normalise a contact without sending to it). */
    public Optional<PatientChannel> named(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst().map(PatientChannel.class::cast);
    }

    /** Each channel, whether it is configured, and its last sends on this node since it started. */
    public List<ChannelStatus> status() {
        return channels.stream().map(MeteredChannel::status).toList();
    }

    public boolean anyAvailable() {
        return channels.stream().anyMatch(MeteredChannel::available);
    }

    @EventListener(ApplicationReadyEvent.class)
    void sayWhatIsOn(ApplicationReadyEvent ready) {
        if (ready.getApplicationContext().getEnvironment().matchesProfiles("cli")) {
            return; // an admin command, not a server
        }
        List<String> on = channels.stream()
                .filter(MeteredChannel::available)
                .map(MeteredChannel::name)
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
