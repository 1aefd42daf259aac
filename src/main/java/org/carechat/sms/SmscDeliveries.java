package org.carechat.sms;

import org.carechat.notification.DeliveryReports;
import org.carechat.system.SafeLog;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * What the SMS centre delivers on the link: delivery receipts to every {@link DeliveryReports}, patients' texts to the
 * {@link SmsInbox}. jSMPP answers a {@code deliver_sm} only after this returns, so what it carries is committed first;
 * a failure to store answers {@code ESME_RX_T_APPN} (temporary), and the SMS centre delivers it again later.
 */
final class SmscDeliveries implements MessageReceiverListener {

    private static final Logger log = LoggerFactory.getLogger(SmscDeliveries.class);

    /** ESME_RX_T_APPN: the ESME could not take the message now; the SMS centre is to deliver it again. */
    static final int TEMPORARY_APPLICATION_ERROR = 0x00000064;

    private final ObjectProvider<DeliveryReports> reports;
    private final SmsInbox inbox;
    private final short messageIdTag;

    SmscDeliveries(ObjectProvider<DeliveryReports> reports, SmsInbox inbox, short messageIdTag) {
        this.reports = reports;
        this.inbox = inbox;
        this.messageIdTag = messageIdTag;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
        try {
            if (deliverSm.isSmscDeliveryReceipt()) {
                receipt(deliverSm);
            } else {
                inbox.accept(MobileOriginated.of(deliverSm, messageIdTag));
            }
        } catch (RuntimeException e) {
            // Not stored: the error answer makes the SMS centre deliver it again later.
            log.error("a message from the SMS centre could not be stored: {}", SafeLog.describe(e));
            throw new ProcessRequestException("not stored; deliver it again", TEMPORARY_APPLICATION_ERROR);
        }
    }

    private void receipt(DeliverSm deliverSm) {
        DeliveryReceipt receipt;
        try {
            receipt = deliverSm.getShortMessageAsDeliveryReceipt();
        } catch (InvalidDeliveryReceiptException e) {
            log.warn("the SMS centre sent a delivery receipt that could not be read");
            return;
        }
        String state = String.valueOf(receipt.getFinalStatus());
        reports.orderedStream().forEach(each -> each.delivered(receipt.getId(), state, receipt.getError()));
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {}

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, org.jsmpp.session.Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not supported", 0x00000003);
    }
}
