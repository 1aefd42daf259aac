package org.carechat.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket client written byte by byte (RFC 6455), for what the JDK's client will not do: offer any extension,
 * send any header, set reserved bits, and read the upgrade answer as it is.
 */
public final class RawWebSocket implements AutoCloseable {

    /** A frame as received: its first byte (FIN, RSV1-3, opcode) and payload. */
    public record Frame(int first, byte[] payload) {
        public int opcode() {
            return first & 0x0f;
        }

        /** The status code of a close frame, or -1. */
        public int closeCode() {
            return opcode() == 8 && payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    public final int status;
    /** The answer's headers, names in lower case. */
    public final Map<String, String> headers;

    private RawWebSocket(Socket socket, int status, Map<String, String> headers, DataInputStream in)
            throws IOException {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.in = in;
        this.out = socket.getOutputStream();
    }

    /** Sends an upgrade request for {@code path} with {@code extraHeaders} (e.g. Authorization, Origin). */
    public static RawWebSocket open(int port, String path, Map<String, String> extraHeaders) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        extraHeaders.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.merge(
                    header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    header.substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        return new RawWebSocket(socket, Integer.parseInt(statusLine.split(" ")[1]), headers, in);
    }

    /** The body of a non-upgrade answer (as long as its Content-Length says, else to the end of the connection). */
    public String body() throws IOException {
        String length = headers.get("content-length");
        if (length == null) {
            return headers.containsKey("transfer-encoding")
                    ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    : "";
        }
        byte[] body = new byte[Integer.parseInt(length)];
        in.readFully(body);
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed in the answer's head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends one masked frame with first byte {@code first} (FIN, RSV bits, opcode) and {@code payload}. */
    public void send(int first, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(first);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        new SecureRandom().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next frame, or null when the connection ends or stays silent for the socket's timeout. */
    public Frame read() throws IOException {
        try {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(first, payload);
        } catch (SocketTimeoutException | EOFException | java.net.SocketException silentOrGone) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
