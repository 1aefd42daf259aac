package org.carechat.web;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * An HTTP/2 client that writes frames by hand (RFC 9113), for what a well-behaved client library never does — such as
 * opening streams and resetting them at once, as an HTTP/2 "rapid reset" attack does. Requests carry only the four
 * pseudo-headers of a GET, HPACK-encoded without the dynamic table or Huffman coding.
 */
final class RawHttp2Connection implements AutoCloseable {

    static final int HEADERS = 0x1;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int GOAWAY = 0x7;
    static final int CANCEL = 0x8;
    static final int ENHANCE_YOUR_CALM = 0xb;

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int END_STREAM_AND_HEADERS = 0x1 | 0x4;
    private static final int ACK = 0x1;

    /** One frame as read: its type, flags, stream and payload. */
    record Frame(int type, int flags, int streamId, byte[] payload) {

        /**
         * Whether a HEADERS frame's block opens with {@code :status 200} (HPACK's static entry 8), after any dynamic
         * table size updates (Tomcat sends one first).
         */
        boolean answersStatus200() {
            int i = 0;
            while (i < payload.length && (payload[i] & 0xe0) == 0x20) { // a size update, 001xxxxx
                boolean continued = (payload[i++] & 0x1f) == 0x1f;
                while (continued && i < payload.length) {
                    continued = (payload[i++] & 0x80) != 0;
                }
            }
            return i < payload.length && payload[i] == (byte) 0x88;
        }

        /** A GOAWAY's last stream: the highest the server took before closing. */
        int lastStreamId() {
            return ByteBuffer.wrap(payload, 0, 4).getInt() & 0x7fffffff;
        }

        /** A GOAWAY's error code. */
        int errorCode() {
            return ByteBuffer.wrap(payload, 4, 4).getInt();
        }
    }

    private final SSLSocket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawHttp2Connection(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects over TLS, agrees on h2 by ALPN (fails otherwise) and sends the preface and empty settings. */
    static RawHttp2Connection open(SSLContext tls, int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        if (!"h2".equals(socket.getApplicationProtocol())) {
            socket.close();
            throw new IOException("the server did not agree on h2 but on '" + socket.getApplicationProtocol() + "'");
        }
        RawHttp2Connection connection = new RawHttp2Connection(socket);
        connection.out.write(PREFACE);
        connection.write(SETTINGS, 0, 0, new byte[0]);
        return connection;
    }

    /** Opens stream {@code streamId} with a complete GET of {@code path} (no body). */
    void get(int streamId, String path) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 + path.length());
        block.put((byte) 0x82); // :method GET (static table 2)
        block.put((byte) 0x87); // :scheme https (static table 7)
        literal(block, 4, path); // :path (name from static table 4)
        literal(block, 1, "localhost"); // :authority (name from static table 1)
        write(HEADERS, END_STREAM_AND_HEADERS, streamId, Arrays.copyOf(block.array(), block.position()));
    }

    /** Resets stream {@code streamId} with CANCEL, as a browser does with a request it no longer needs. */
    void reset(int streamId) throws IOException {
        write(RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt(CANCEL).array());
    }

    /**
     * The next frame, acknowledging the server's settings on the way; empty once the server has closed the
     * connection or sent nothing for {@code timeoutMillis}.
     */
    Optional<Frame> next(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int streamId = in.readInt() & 0x7fffffff;
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (type == SETTINGS && (flags & ACK) == 0) {
                write(SETTINGS, ACK, 0, new byte[0]);
            }
            return Optional.of(new Frame(type, flags, streamId, payload));
        } catch (EOFException | SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    private void write(int type, int flags, int streamId, byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(9 + payload.length);
        frame.put((byte) (payload.length >>> 16))
                .put((byte) (payload.length >>> 8))
                .put((byte) payload.length);
        frame.put((byte) type).put((byte) flags).putInt(streamId).put(payload);
        out.write(frame.array());
        out.flush();
    }

    /** An HPACK literal header field without indexing, its name from the static table, its value as is. */
    private static void literal(ByteBuffer block, int nameIndex, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > 126) {
            throw new IllegalArgumentException("values up to 126 bytes only");
        }
        block.put((byte) nameIndex).put((byte) bytes.length).put(bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
