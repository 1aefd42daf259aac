package org.carechat.retention;

import org.carechat.storage.Transactions;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Takes a {@link PatientDischarged} event (the EHR integration's) to {@link RetentionService#discharge}. */
@Component
class DischargeListener {

    private final RetentionService retention;
    private final Transactions transactions;

    DischargeListener(RetentionService retention, Transactions transactions) {
        this.retention = retention;
        this.transactions = transactions;
    }

    @EventListener
    void on(PatientDischarged discharged) {
        transactions.write(() -> retention.discharge(discharged));
    }
}
