package org.carechat.contact;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.carechat.notification.DeliveryReports;
import org.carechat.storage.Transactions;
import org.springframework.stereotype.Component;

/**
 * Delivery receipts of the SMS sent to patients: a part delivered ({@code DELIVRD}) counts towards the SMS being
 * delivered (every part must be); a final failure ({@code UNDELIV}, {@code EXPIRED}, {@code REJECTD}, {@code DELETED},
 * {@code UNKNOWN}) fails it with that state as the reason. Intermediate states ({@code ENROUTE}, {@code ACCEPTD}) change
 * nothing. Each receipt is committed before the SMS centre is answered; one delivered twice changes nothing, and one
 * that comes before its SMS was recorded as sent is kept and applied then.
 */
@Component
class ContactSmsReceipts implements DeliveryReports {

    private static final Set<String> FAILURES = Set.of("UNDELIV", "EXPIRED", "REJECTD", "DELETED", "UNKNOWN");

    private final ContactSmsRepository repository;
    private final SmsSteps steps;
    private final Transactions transactions;
    private final Clock clock;

    ContactSmsReceipts(ContactSmsRepository repository, SmsSteps steps, Transactions transactions, Clock clock) {
        this.repository = repository;
        this.steps = steps;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void delivered(String providerId, String status) {
        delivered(providerId, status, null);
    }

    @Override
    public void delivered(String providerId, String status, String error) {
        if (providerId == null || status == null || !(status.equals("DELIVRD") || FAILURES.contains(status))) {
            return;
        }
        transactions.run(() -> {
            if (repository.smsOfPart(providerId).isEmpty()) {
                // Not (yet) one of ours: a notice's, or ours before its hand-over committed.
                repository.keepEarlyReceipt(providerId, status, error, clock.millis());
                return;
            }
            apply(providerId, status, error);
        });
    }

    /** Applies a final state to a part recorded here; call in a unit of work. */
    void apply(String partId, String status, String error) {
        Optional<String> smsId = repository.smsOfPart(partId);
        if (smsId.isEmpty() || !repository.settlePart(partId, status)) {
            return;
        }
        ContactSmsRepository.Sms sms = repository.find(smsId.get()).orElseThrow();
        long now = clock.millis();
        if (status.equals("DELIVRD")) {
            int delivered = repository.countDelivered(sms.id());
            if (delivered >= sms.parts() && repository.move(sms.id(), "sent", "delivered", null, now)) {
                steps.record(sms, "delivered", null);
            }
            return;
        }
        String reason = "the network reported " + status
                + (error == null || error.isBlank() || error.matches("0+") ? "" : " (error " + error + ")");
        if (repository.move(sms.id(), "sent", "failed", reason, now)) {
            steps.record(sms, "failed", reason);
        }
    }
}
