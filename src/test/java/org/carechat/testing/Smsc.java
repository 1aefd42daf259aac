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

    /** One text the SMS centre took. */
    public record Sms(String messageId, String to, String from, String text, SMPPServerSession session) {}

    private static Smsc shared;

    private final SMPPServerSessionListener listener;
    private final int port;
    private final List<Sms> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private final Thread acceptor;

    private Smsc(int port) throws IOException {
        this.port = port;
        this.listener = new SMPPServerSessionListener(port);
        this.listener.setMessageReceiverListener(new Receiver());
        this.acceptor = Thread.ofPlatform().daemon().name("test-smsc").start(this::acceptLoop);
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

    private static void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(5_000);
            if (SYSTEM_ID.equals(request.getSystemId()) && PASSWORD.equals(request.getPassword())) {
                request.accept("test-smsc");
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

    @Override
    public void close() throws IOException {
        acceptor.interrupt();
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
            boolean ucs2 = (submitSm.getDataCoding() & 0x0F) == 0x08;
            String text = new String(
                    submitSm.getShortMessage(), ucs2 ? StandardCharsets.UTF_16BE : StandardCharsets.US_ASCII);
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            received.add(new Sms(id, submitSm.getDestAddress(), submitSm.getSourceAddr(), text, source));
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
