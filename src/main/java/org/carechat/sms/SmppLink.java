package org.carechat.sms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.carechat.notification.DeliveryReports;
import org.carechat.notification.PatientChannel;
import org.carechat.system.CareChatProperties;
import org.carechat.system.SafeLog;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The SMPP 3.4 session with the SMS centre (jSMPP), bound as a transceiver and kept bound: a keeper thread binds at
 * start and binds again whenever the session drops, waiting 1 s, then twice as long each time up to {@code
 * carechat.sms.reconnect-at-most}, so that patients' texts and delivery receipts ({@code deliver_sm}) reach the server
 * whenever the SMS centre has them. Sends bind on the spot if the keeper has not yet.
 *
 * <p>A {@code deliver_sm} is answered only after what it carries is committed: a delivery receipt by every
 * {@link DeliveryReports}, a patient's text by the {@link SmsInbox}. If storing fails, the answer is the error
 * {@code ESME_RX_T_APPN} (temporary), and the SMS centre delivers it again later. Logs name the SMS centre's answers,
 * never a number or a text.
 */
@Component
class SmppLink implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmppLink.class);

    private final CareChatProperties.Sms settings;
    private final ObjectProvider<DeliveryReports> reports;
    private final SmsInbox inbox;
    private final short messageIdTag;
    private final Object bindLock = new Object();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("carechat-sms-sweep").factory());
    private volatile SMPPSession session;
    private volatile boolean stopped;
    private Thread keeper;

    /** The receipts' readers are found when a receipt comes: they send through this link themselves. */
    SmppLink(CareChatProperties properties, ObjectProvider<DeliveryReports> reports, SmsInbox inbox) {
        this.settings = properties.sms();
        this.reports = reports;
        this.inbox = inbox;
        this.messageIdTag = settings.messageIdTagValue();
    }

    boolean configured() {
        return settings.configured();
    }

    /** Binds and keeps the link bound once the server is up; an admin command ({@code cli} profile) does not. */
    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent ready) {
        if (!configured() || ready.getApplicationContext().getEnvironment().matchesProfiles("cli")) {
            return;
        }
        keeper = Thread.ofPlatform().daemon().name("carechat-smpp-link").start(this::keepBound);
        long every = Math.clamp(settings.partTimeout().toMillis() / 4, 500, 60_000);
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    private void keepBound() {
        long wait = 1_000;
        while (!stopped) {
            try {
                SMPPSession bound = bound();
                wait = 1_000;
                while (!stopped && bound.getSessionState().isBound()) {
                    pause(250);
                }
            } catch (IOException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                log.warn("cannot bind to the SMS centre ({}); trying again in {} s", SafeLog.describe(e), wait / 1_000);
                pause(wait + ThreadLocalRandom.current().nextLong(250));
                wait = Math.min(wait * 2, settings.reconnectAtMost().toMillis());
            }
        }
    }

    private void sweep() {
        try {
            inbox.deliverOverdue();
        } catch (RuntimeException e) {
            log.warn("delivering overdue SMS parts failed: {}", SafeLog.describe(e));
        }
    }

    /** Whether the session is bound right now. */
    boolean isBound() {
        SMPPSession current = session;
        return current != null && current.getSessionState().isBound();
    }

    /**
     * Submits one text, as one SMS or as concatenated parts (user data header with an 8-bit reference), each asking
     * for a delivery receipt.
     *
     * @param source      the sender shown: a number (digits, optionally with +) or a name of up to 11 characters
     * @param destination a mobile number in E.164 form
     * @return the SMS centre's message id of each part, in order
     * @throws PatientChannel.SendFailed when the SMS centre refused a part or cannot be reached ({@code maybeSent} when
     *                                   it did not answer in time, or parts before the failing one were taken)
     */
    List<String> submit(String source, String destination, String text) {
        SmsText.Encoded encoded = SmsText.encode(text);
        boolean ucs2 = encoded.encoding() == SmsText.Encoding.UCS2;
        // 0x08: UCS-2; 0x00: the SMS centre's default alphabet, GSM 7-bit (no message class: the phone shows it as
        // usual)
        DataCoding coding = new RawDataCoding(ucs2 ? (byte) 0x08 : (byte) 0x00);
        boolean numericSource = source.matches("\\+?\\d{3,15}");
        int total = encoded.parts().size();
        int reference = ThreadLocalRandom.current().nextInt(256);
        List<String> ids = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            byte[] body = encoded.parts().get(i);
            ESMClass esm = new ESMClass();
            if (total > 1) {
                byte[] withHeader = new byte[body.length + 6];
                withHeader[0] = 0x05; // header length
                withHeader[1] = 0x00; // concatenated short message, 8-bit reference
                withHeader[2] = 0x03;
                withHeader[3] = (byte) reference;
                withHeader[4] = (byte) total;
                withHeader[5] = (byte) (i + 1);
                System.arraycopy(body, 0, withHeader, 6, body.length);
                body = withHeader;
                esm = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI);
            }
            try {
                ids.add(bound().submitShortMessage(
                                "",
                                numericSource ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC,
                                numericSource ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN,
                                source.replace("+", ""),
                                TypeOfNumber.INTERNATIONAL,
                                NumberingPlanIndicator.ISDN,
                                destination.substring(1),
                                esm,
                                (byte) 0,
                                (byte) 1,
                                null,
                                null,
                                new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
                                (byte) 0,
                                coding,
                                (byte) 0,
                                body)
                        .getMessageId());
            } catch (ResponseTimeoutException e) {
                drop();
                throw new PatientChannel.SendFailed("the SMS centre did not answer in time", e, true);
            } catch (IOException e) {
                drop();
                String what =
                        "the SMS centre cannot be reached (" + e.getClass().getSimpleName() + ")";
                throw i == 0
                        ? PatientChannel.SendFailed.unreachable(what, e)
                        : new PatientChannel.SendFailed(what, e, true);
            } catch (Exception e) {
                throw new PatientChannel.SendFailed(
                        "the SMS centre refused the message (" + e.getClass().getSimpleName() + ")", e, i > 0);
            }
        }
        return ids;
    }

    private SMPPSession bound() throws IOException {
        SMPPSession current = session;
        if (current != null && current.getSessionState().isBound()) {
            return current;
        }
        synchronized (bindLock) {
            current = session;
            if (current != null && current.getSessionState().isBound()) {
                return current;
            }
            drop();
            if (stopped) {
                throw new IOException("the SMS link is stopping");
            }
            SMPPSession opened = new SMPPSession();
            opened.setTransactionTimer(settings.timeout().toMillis());
            opened.setEnquireLinkTimer((int) settings.enquireLink().toMillis());
            opened.setMessageReceiverListener(new SmscDeliveries(reports, inbox, messageIdTag));
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
    }

    private void drop() {
        SMPPSession current = session;
        session = null;
        if (current != null) {
            try {
                current.unbindAndClose();
            } catch (RuntimeException e) {
                log.debug("closing the SMPP session failed: {}", SafeLog.describe(e));
            }
        }
    }

    @Override
    public void destroy() {
        stopped = true;
        sweeper.shutdownNow();
        if (keeper != null) {
            keeper.interrupt();
        }
        synchronized (bindLock) {
            drop();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
