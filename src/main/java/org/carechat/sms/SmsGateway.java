package org.carechat.sms;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.carechat.notification.PatientChannel;
import org.carechat.system.CareChatProperties;
import org.carechat.system.MobileNumbers;
import org.springframework.stereotype.Service;

/**
 * Sending SMS for other features (the contact requests' chat and automatic answers): texts of any length, as
 * concatenated parts when long and as UCS-2 when a character is outside the GSM alphabet ({@link SmsText}), each part
 * asking for a delivery receipt, which comes back to every {@link org.carechat.notification.DeliveryReports} by the
 * part's id. Never logs a number or a text.
 */
@Service
public class SmsGateway {

    private final SmppLink link;
    private final MobileNumbers numbers;
    private final String defaultSource;

    SmsGateway(SmppLink link, MobileNumbers numbers, CareChatProperties properties, MeterRegistry meters) {
        this.link = link;
        this.numbers = numbers;
        this.defaultSource = properties.sms().sourceAddress();
        if (link.configured()) {
            Gauge.builder("carechat.sms.link.bound", link, l -> l.isBound() ? 1 : 0)
                    .description("1 while the link to the SMS centre is bound (patients' texts and delivery receipts "
                            + "come in on it), 0 while it is being bound again")
                    .register(meters);
        }
    }

    /** Whether an SMS centre is configured. */
    public boolean available() {
        return link.configured();
    }

    /** Whether the link to the SMS centre is bound right now (it is kept bound, and bound again after a drop). */
    public boolean connected() {
        return link.isBound();
    }

    /** The sender shown when an organisation has no number of its own ({@code carechat.sms.source-address}). */
    public String defaultSource() {
        return defaultSource;
    }

    /**
     * The number in E.164 form when it is a valid mobile number (libphonenumber, the installation's default region for
     * numbers without a country code), else null.
     */
    public String mobile(String raw) {
        return numbers.normalise(raw);
    }

    /**
     * Sends {@code text} to {@code destination}.
     *
     * @param source the sender shown ({@code null}: {@link #defaultSource()})
     * @return the SMS centre's id of each part, in order
     * @throws PatientChannel.SendFailed when no SMS centre is configured, the number is not a mobile number, or the SMS
     *                                   centre refused or did not take it ({@code maybeSent} when the outcome is
     *                                   unknown)
     */
    public List<String> send(String source, String destination, String text) {
        if (!available()) {
            throw new PatientChannel.SendFailed("no SMS centre is configured", null);
        }
        String to = numbers.normalise(destination);
        if (to == null) {
            throw new PatientChannel.SendFailed("not a valid mobile number", null);
        }
        if (SmsText.partsOf(text) > SmsText.MAX_PARTS) {
            throw new PatientChannel.SendFailed("the text is longer than " + SmsText.MAX_PARTS + " SMS", null);
        }
        return link.submit(source == null || source.isBlank() ? defaultSource : source, to, text);
    }
}
