package org.carechat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageClass;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;

/**
 * A real SMS centre in the test JVM: jSMPP's server side on a loopback port. It accepts binds with {@link #SYSTEM_ID}
 * and {@link #PASSWORD}, keeps every {@code submit_sm} it is sent, can refuse the next few, and sends delivery
 * receipts back on the sender's session. One per JVM ({@link #shared}).
 */
public final class Smsc implements AutoCloseable {

    public static final String SYSTEM_ID = "carechat";
    public static final String PASSWORD = "smpp1234";

    /**
     * One text the SMS centre took (one part of a concatenated SMS: {@code part} of {@code parts}, with the sender's
     * {@code reference}; a single SMS is part 1 of 1). {@code ucs2}: sent as UCS-2.
     */
    public record Sms(
            String messageId,
            String to,
            String from,
            String text,
            SMPPServerSession session,
            int reference,
            int part,
            int parts,
            boolean ucs2) {}

    /** A text as the phone shows it: the parts of a concatenated SMS joined in order. */
    public record Message(String to, String from, String text, List<Sms> parts) {}

    /**
     * A mobile-originated message the SMS centre delivers (again, while unanswered): to the newest session bound with
     * {@code systemType}.
     */
    public final class Mo {
        final String systemType;
        final byte[] body;
        final byte dataCoding;
        final byte esmClass;
        final String from;
        final String to;
        final org.jsmpp.bean.OptionalParameter[] parameters;
        volatile boolean acknowledged;
        volatile int attempts;
        volatile int lastStatus = -1;

        Mo(
                String systemType,
                String from,
                String to,
                byte[] body,
                byte dataCoding,
                byte esmClass,
                org.jsmpp.bean.OptionalParameter... parameters) {
            this.systemType = systemType;
            this.from = from;
            this.to = to;
            this.body = body;
            this.dataCoding = dataCoding;
            this.esmClass = esmClass;
            this.parameters = parameters;
        }

        /** The server answered it with success ({@code deliver_sm_resp}, status 0). */
        public boolean acknowledged() {
            return acknowledged;
        }

        public int attempts() {
            return attempts;
        }
    }

    private static Smsc shared;

    private final SMPPServerSessionListener listener;
    private final int port;
    private final List<Sms> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private final Thread acceptor;
    private final List<Bound> bound = new CopyOnWriteArrayList<>();
    private final List<Mo> unanswered = new CopyOnWriteArrayList<>();
    private final Thread redeliverer;

    private record Bound(SMPPServerSession session, String systemType) {}

    private Smsc(int port) throws IOException {
        this.port = port;
        this.listener = new SMPPServerSessionListener(port);
        this.listener.setMessageReceiverListener(new Receiver());
        this.acceptor = Thread.ofPlatform().daemon().name("test-smsc").start(this::acceptLoop);
        this.redeliverer =
                Thread.ofPlatform().daemon().name("test-smsc-redelivery").start(this::redeliverLoop);
    }

    /** A second SMS centre (its own port and state), e.g. for a server started in a process of its own. */
    public static Smsc started() {
        try {
            return new Smsc(freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized Smsc shared() {
        if (shared == null) {
            try {
                shared = new Smsc(freePort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public int port() {
        return port;
    }

    private void acceptLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                SMPPServerSession session = listener.accept();
                Thread.ofVirtual().start(() -> bind(session));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(5_000);
            if (SYSTEM_ID.equals(request.getSystemId()) && PASSWORD.equals(request.getPassword())) {
                session.setTransactionTimer(3_000);
                request.accept("test-smsc");
                bound.add(new Bound(session, request.getSystemType()));
            } else {
                request.reject(0x0000000E); // ESME_RINVPASWD
            }
        } catch (TimeoutException | IOException | RuntimeException | org.jsmpp.PDUStringException e) {
            session.unbindAndClose();
        }
    }

    /** Every text sent to {@code number} (E.164), oldest first. */
    public List<Sms> to(String number) {
        String digits = number.replace("+", "");
        return received.stream().filter(s -> s.to().equals(digits)).toList();
    }

    public List<Sms> all() {
        return List.copyOf(received);
    }

    /** The next {@code count} submits are refused (the SMS centre answers "system error"). */
    public void refuseNext(int count) {
        refuseNext.set(count);
    }

    /** Sends the delivery receipt of {@code sms} back to the sender, with the final state {@code state}. */
    public void deliveryReceipt(Sms sms, DeliveryReceiptState state) {
        DeliveryReceipt receipt = new DeliveryReceipt(
                sms.messageId(),
                1,
                state == DeliveryReceiptState.DELIVRD ? 1 : 0,
                new Date(),
                new Date(),
                state,
                "000",
                "");
        try {
            sms.session()
                    .deliverShortMessage(
                            "",
                            TypeOfNumber.INTERNATIONAL,
                            NumberingPlanIndicator.ISDN,
                            sms.to(),
                            TypeOfNumber.ALPHANUMERIC,
                            NumberingPlanIndicator.UNKNOWN,
                            sms.from(),
                            new ESMClass(MessageType.SMSC_DEL_RECEIPT.value()),
                            (byte) 0,
                            (byte) 0,
                            new RegisteredDelivery(0),
                            new GeneralDataCoding(Alphabet.ALPHA_DEFAULT, MessageClass.CLASS1, false),
                            receipt.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException("the delivery receipt could not be sent", e);
        }
    }

    /** Whether a session with {@code systemType} is bound (the server's link is up). */
    public boolean isBound(String systemType) {
        return session(systemType) != null;
    }

    /** A patient's single SMS in the GSM alphabet, delivered now (and again while unanswered). */
    public Mo mo(String systemType, String from, String to, String text) {
        return deliver(new Mo(
                systemType,
                digits(from),
                digits(to),
                org.carechat.sms.SmsText.encode(text).parts().getFirst(),
                (byte) 0x00,
                (byte) 0x00));
    }

    /** As {@link #mo}, carrying the SMS centre's message id in the TLV {@code idTag}. */
    public Mo moWithId(String systemType, String from, String to, String text, short idTag, String id) {
        return deliver(new Mo(
                systemType,
                digits(from),
                digits(to),
                org.carechat.sms.SmsText.encode(text).parts().getFirst(),
                (byte) 0x00,
                (byte) 0x00,
                new org.jsmpp.bean.OptionalParameter.COctetString(idTag, id)));
    }

    /** A patient's single SMS in UCS-2 (data coding 8). */
    public Mo moUcs2(String systemType, String from, String to, String text) {
        return deliver(new Mo(
                systemType, digits(from), digits(to), text.getBytes(StandardCharsets.UTF_16BE), (byte) 0x08, (byte)
                        0x00));
    }

    /**
     * One part of a concatenated SMS, its text in the GSM alphabet: with a user data header (8-bit reference) when
     * {@code udh}, else with the SAR parameters.
     */
    public Mo moPart(
            String systemType, String from, String to, String text, int reference, int total, int number, boolean udh) {
        byte[] septets = org.carechat.sms.SmsText.encode(text).parts().getFirst();
        if (udh) {
            byte[] body = new byte[septets.length + 6];
            body[0] = 0x05;
            body[1] = 0x00;
            body[2] = 0x03;
            body[3] = (byte) reference;
            body[4] = (byte) total;
            body[5] = (byte) number;
            System.arraycopy(septets, 0, body, 6, septets.length);
            return deliver(new Mo(systemType, digits(from), digits(to), body, (byte) 0x00, (byte) 0x40));
        }
        return deliver(new Mo(
                systemType,
                digits(from),
                digits(to),
                septets,
                (byte) 0x00,
                (byte) 0x00,
                org.jsmpp.bean.OptionalParameters.newSarMsgRefNum((short) reference),
                org.jsmpp.bean.OptionalParameters.newSarTotalSegments(total),
                org.jsmpp.bean.OptionalParameters.newSarSegmentSeqnum(number)));
    }

    /** Delivers the same message again, as an SMS centre does when it is unsure the first delivery arrived. */
    public Mo redeliver(Mo mo) {
        return deliver(new Mo(mo.systemType, mo.from, mo.to, mo.body, mo.dataCoding, mo.esmClass, mo.parameters));
    }

    /**
     * Delivers {@code mo} on the newest session of its system type and waits for the answer; unanswered (no session,
     * a dropped session, a timeout, an error status), it is delivered again every half second, and at once after each
     * new bind, until answered with success.
     */
    private Mo deliver(Mo mo) {
        unanswered.add(mo);
        attempt(mo);
        return mo;
    }

    private synchronized void attempt(Mo mo) {
        if (mo.acknowledged) {
            return;
        }
        SMPPServerSession session = session(mo.systemType);
        if (session == null) {
            return;
        }
        mo.attempts++;
        try {
            session.deliverShortMessage(
                    "",
                    TypeOfNumber.INTERNATIONAL,
                    NumberingPlanIndicator.ISDN,
                    mo.from,
                    TypeOfNumber.INTERNATIONAL,
                    NumberingPlanIndicator.ISDN,
                    mo.to,
                    new ESMClass(mo.esmClass),
                    (byte) 0,
                    (byte) 0,
                    new RegisteredDelivery(0),
                    new org.jsmpp.bean.RawDataCoding(mo.dataCoding),
                    mo.body,
                    mo.parameters);
            mo.acknowledged = true;
            mo.lastStatus = 0;
            unanswered.remove(mo);
        } catch (org.jsmpp.extra.NegativeResponseException e) {
            mo.lastStatus = e.getCommandStatus();
        } catch (Exception e) {
            mo.lastStatus = -2; // no answer: the session dropped or the server did not answer in time
        }
    }

    private void redeliverLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            bound.removeIf(b -> !b.session().getSessionState().isBound());
            for (Mo mo : unanswered) {
                attempt(mo);
            }
        }
    }

    private SMPPServerSession session(String systemType) {
        SMPPServerSession newest = null;
        for (Bound b : bound) {
            if (b.session().getSessionState().isBound() && b.systemType().equals(systemType)) {
                newest = b.session();
            }
        }
        return newest;
    }

    private static String digits(String number) {
        return number.replace("+", "");
    }

    /** The texts sent to {@code number}, each concatenated SMS joined, in the order their first part came. */
    public List<Message> messagesTo(String number) {
        java.util.Map<String, List<Sms>> groups = new java.util.LinkedHashMap<>();
        int single = 0;
        for (Sms sms : to(number)) {
            String key = sms.parts() <= 1 ? "single-" + single++ : sms.reference() + "/" + sms.parts();
            groups.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(sms);
        }
        List<Message> messages = new java.util.ArrayList<>();
        groups.values().forEach(parts -> {
            List<Sms> sorted = parts.stream()
                    .sorted(java.util.Comparator.comparingInt(Sms::part))
                    .toList();
            messages.add(new Message(
                    sorted.getFirst().to(),
                    sorted.getFirst().from(),
                    sorted.stream().map(Sms::text).collect(java.util.stream.Collectors.joining()),
                    sorted));
        });
        return messages;
    }

    @Override
    public void close() throws IOException {
        acceptor.interrupt();
        redeliverer.interrupt();
        for (Bound b : bound) {
            b.session().unbindAndClose();
        }
        listener.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source)
                throws ProcessRequestException {
            if (refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new ProcessRequestException("refused by the test", 0x00000008); // ESME_RSYSERR
            }
            int dcs = submitSm.getDataCoding() & 0xFF;
            boolean ucs2 = dcs == 0x08 || (dcs & 0xC0) == 0 && dcs >= 0x10 && ((dcs >> 2) & 0x03) == 2;
            byte[] data = submitSm.getShortMessage();
            int reference = 0;
            int parts = 1;
            int part = 1;
            if (submitSm.isUdhi() && data.length > 6 && data[0] == 0x05 && data[1] == 0x00) {
                reference = data[3] & 0xFF;
                parts = data[4] & 0xFF;
                part = data[5] & 0xFF;
                data = java.util.Arrays.copyOfRange(data, 6, data.length);
            }
            String text = org.carechat.sms.SmsText.decode(submitSm.getDataCoding(), data);
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            received.add(new Sms(
                    id,
                    submitSm.getDestAddress(),
                    submitSm.getSourceAddr(),
                    text,
                    source,
                    reference,
                    part,
                    parts,
                    ucs2));
            try {
                return new SubmitSmResult(new MessageId(id), new org.jsmpp.bean.OptionalParameter[0]);
            } catch (org.jsmpp.PDUStringException e) {
                throw new ProcessRequestException("bad id", 0x00000008);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x00000003);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x00000003);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x00000003);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x00000003);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x00000003);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x00000003);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(
                QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x00000003);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, org.jsmpp.session.Session source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x00000003);
        }
    }
}
