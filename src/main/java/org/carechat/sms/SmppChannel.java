package org.carechat.sms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.carechat.notification.DeliveryReports;
import org.carechat.notification.PatientChannel;
import org.carechat.system.CareChatProperties;
import org.carechat.system.MobileNumbers;
import org.carechat.system.SafeLog;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * SMS through the organisation's SMS centre over SMPP 3.4 (jSMPP): one session bound as a transceiver, opened on the
 * first send and again after it drops; each text is a {@code submit_sm} asking for a delivery receipt, and the
 * receipts that come back ({@code deliver_sm}) are handed to {@link DeliveryReports} by the SMS centre's message id.
 * Available when {@code carechat.sms.host} is set. Logs name the SMS centre's answer, never a number or a text.
 */
@Component
class SmppChannel implements PatientChannel, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmppChannel.class);

    private final CareChatProperties.Sms settings;
    private final MobileNumbers numbers;
    private final DeliveryReports reports;
    private SMPPSession session;

    SmppChannel(CareChatProperties properties, MobileNumbers numbers, DeliveryReports reports) {
        this.settings = properties.sms();
        this.numbers = numbers;
        this.reports = reports;
    }

    @Override
    public String name() {
        return "sms";
    }

    @Override
    public boolean available() {
        return settings.configured();
    }

    @Override
    public String addressOf(String mobile, String email) {
        return numbers.normalise(mobile);
    }

    @Override
    public synchronized String send(String address, String subject, String text) {
        if (!available()) {
            throw new SendFailed("no SMS centre is configured", null);
        }
        String destination = numbers.normalise(address);
        if (destination == null) {
            throw new SendFailed("not a valid mobile number", null);
        }
        boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(text);
        byte[] body = text.getBytes(ascii ? StandardCharsets.US_ASCII : StandardCharsets.UTF_16BE);
        if (body.length > 254) {
            throw new SendFailed("the text is too long for one SMS", null);
        }
        DataCoding coding =
                new GeneralDataCoding(ascii ? Alphabet.ALPHA_DEFAULT : Alphabet.ALPHA_UCS2, MessageClass.CLASS1, false);
        String source = settings.sourceAddress();
        boolean numericSource = source.matches("\\+?\\d{3,15}");
        try {
            return bound().submitShortMessage(
                            "",
                            numericSource ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC,
                            numericSource ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN,
                            source.replace("+", ""),
                            TypeOfNumber.INTERNATIONAL,
                            NumberingPlanIndicator.ISDN,
                            destination.substring(1),
                            new ESMClass(),
                            (byte) 0,
                            (byte) 1,
                            null,
                            null,
                            new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
                            (byte) 0,
                            coding,
                            (byte) 0,
                            body)
                    .getMessageId();
        } catch (ResponseTimeoutException e) {
            drop();
            throw new SendFailed("the SMS centre did not answer in time", e, true);
        } catch (IOException e) {
            drop();
            throw new SendFailed(
                    "the SMS centre cannot be reached (" + e.getClass().getSimpleName() + ")", e);
        } catch (Exception e) {
            throw new SendFailed(
                    "the SMS centre refused the message (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private SMPPSession bound() throws IOException {
        if (session != null && session.getSessionState().isBound()) {
            return session;
        }
        drop();
        SMPPSession opened = new SMPPSession();
        opened.setTransactionTimer(settings.timeout().toMillis());
        opened.setMessageReceiverListener(new Receipts());
        opened.connectAndBind(
                settings.host(),
                settings.port(),
                new BindParameter(
                        BindType.BIND_TRX,
                        settings.systemId(),
                        settings.password(),
                        settings.systemType(),
                        TypeOfNumber.UNKNOWN,
                        NumberingPlanIndicator.UNKNOWN,
                        null),
                settings.timeout().toMillis());
        session = opened;
        log.info("bound to the SMS centre as a transceiver");
        return opened;
    }

    private void drop() {
        if (session != null) {
            try {
                session.unbindAndClose();
            } catch (RuntimeException e) {
                log.debug("closing the SMPP session failed: {}", SafeLog.describe(e));
            }
            session = null;
        }
    }

    @Override
    public synchronized void destroy() {
        drop();
    }

    /** Delivery receipts from the SMS centre; any other message it delivers (a patient's reply) is not used yet. */
    private final class Receipts implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            if (!deliverSm.isSmscDeliveryReceipt()) {
                return;
            }
            try {
                DeliveryReceipt receipt = deliverSm.getShortMessageAsDeliveryReceipt();
                reports.delivered(receipt.getId(), String.valueOf(receipt.getFinalStatus()));
            } catch (InvalidDeliveryReceiptException e) {
                log.warn("the SMS centre sent a delivery receipt that could not be read");
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {}

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, org.jsmpp.session.Session source)
                throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not supported", 0x00000003);
        }
    }
}
