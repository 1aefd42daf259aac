package org.carechat.notification;

import java.time.Clock;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Transactions;
import org.springframework.stereotype.Component;

/** Records an SMS centre's delivery receipt on the notice it was for, audited; receipts for codes are only counted. */
@Component
class SmsDeliveryReports implements DeliveryReports {

    private final NoticeOutbox outbox;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;

    SmsDeliveryReports(NoticeOutbox outbox, AuditLog audit, Transactions transactions, Clock clock) {
        this.outbox = outbox;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void delivered(String providerId, String status) {
        String state = status == null ? "UNKNOWN" : status.length() > 16 ? status.substring(0, 16) : status;
        transactions.run(() -> {
            outbox.delivered(providerId, state, clock.millis())
                    .ifPresent(n -> audit.record(AuditEvent.of(AuditType.SMS_DELIVERY_REPORTED)
                            .org(n.orgId())
                            .target("notice", n.id())
                            .patient(n.patientId())
                            .detail("status", state)));
        });
    }
}
