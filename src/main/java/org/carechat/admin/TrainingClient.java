package org.carechat.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One device of the training run ({@link TrainingRun}): a real WebSocket over loopback that resumes from the seqs it
 * holds, sends, and acknowledges what it received, as the apps do. It keeps no message text, only counts and the
 * newest seq per conversation.
 */
final class TrainingClient implements WebSocket.Listener {

    private static final Pattern CONVERSATION = Pattern.compile("\"c\":\"([^\"]+)\"");
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private final String token;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final StringBuilder partial = new StringBuilder();
    private volatile CountDownLatch synced = new CountDownLatch(1);
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private WebSocket socket;
    private long sent;

    TrainingClient(String token) {
        this.token = token;
    }

    /** Opens a socket and resumes from the newest seq seen per conversation; waits for the catch-up to end. */
    void connect(HttpClient http, int port) throws InterruptedException {
        synced = new CountDownLatch(1);
        socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), this)
                .join();
        StringBuilder cursors = new StringBuilder();
        seen.forEach((c, seq) -> cursors.append(cursors.isEmpty() ? "" : ",")
                .append("{\"c\":\"")
                .append(c)
                .append("\",\"seq\":")
                .append(seq)
                .append('}'));
        send("{\"type\":\"resume\",\"cursors\":[" + cursors + "]}");
        if (!synced.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no sync_complete within 30 s");
        }
    }

    /** Sends one message to {@code conversationId}; the answer is counted in {@link #answered}. */
    synchronized void sendMessage(String conversationId, String clientMsgId) {
        sent++;
        send("{\"type\":\"send\",\"id\":\"" + clientMsgId + "\",\"c\":\"" + conversationId + "\",\"clientMsgId\":\""
                + clientMsgId + "\",\"body\":\"Training message " + clientMsgId + "\"}");
    }

    /** A cumulative acknowledgement and read marker for every conversation seen. */
    void acknowledge() {
        seen.forEach((c, seq) -> {
            send("{\"type\":\"ack\",\"c\":\"" + c + "\",\"upTo\":" + seq + "}");
            send("{\"type\":\"read\",\"c\":\"" + c + "\",\"upTo\":" + seq + "}");
        });
    }

    synchronized long sent() {
        return sent;
    }

    long answered() {
        return answered.get();
    }

    /** Sends answered with a refusal (a limit, a busy database): the send path was not exercised for those. */
    long refused() {
        return refused.get();
    }

    long received() {
        return received.get();
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done")
                .orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
    }

    /** Queues a frame; the JDK socket takes one send at a time, so sends are chained. */
    private synchronized void send(String frame) {
        sending = sending.thenCompose(x -> socket.sendText(frame, true));
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            handle(partial.toString());
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    private void handle(String frame) {
        if (frame.startsWith("{\"type\":\"event\"") || frame.startsWith("{\"type\":\"batch\"")) {
            received.incrementAndGet();
            // an event carries one entry of its conversation, a batch (a catch-up) several: the newest seq counts
            Matcher c = CONVERSATION.matcher(frame);
            Matcher seq = SEQ.matcher(frame);
            if (c.find()) {
                while (seq.find()) {
                    seen.merge(c.group(1), Long.parseLong(seq.group(1)), Math::max);
                }
            }
        } else if (frame.startsWith("{\"type\":\"result\"")) {
            if (!frame.contains("\"ok\":true")) {
                refused.incrementAndGet();
            }
            answered.incrementAndGet();
        } else if (frame.startsWith("{\"type\":\"sync_complete\"")) {
            synced.countDown();
        }
    }
}
