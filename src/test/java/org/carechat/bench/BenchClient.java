package org.carechat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated staff device: a real WebSocket over loopback. It records, for each message addressed to it, the
 * time the {@code event} frame arrived, and acknowledges what it has seen at most every 250 ms per conversation,
 * as a real client batches its cumulative acks. Frames are scanned as text (no JSON tree), so that the generator,
 * which shares the CPU with the server, stays cheap.
 */
final class BenchClient implements WebSocket.Listener {

    final String userId;
    private volatile LatencyLog log;
    /** Client message ids of the current step start with this, so that steps never collide as retries. */
    private volatile String stepPrefix = "s0-";

    private final CountDownLatch synced = new CountDownLatch(1);
    private final Map<String, Long> seenSeq = new ConcurrentHashMap<>();
    private final Map<String, Long> ackedSeq = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicLong failedResults = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    /** Send frames not yet answered, by request id: a refused one is sent again, as the apps do. */
    private final Map<String, String> unanswered = new ConcurrentHashMap<>();

    private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-retries");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private WebSocket socket;

    BenchClient(String userId, LatencyLog log) {
        this.userId = userId;
        this.log = log;
    }

    void startStep(int step, LatencyLog log) {
        this.stepPrefix = "s" + step + "-";
        this.log = log;
    }

    void connect(HttpClient http, int port, String token) throws InterruptedException {
        socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws"), this)
                .join();
        send("{\"type\":\"resume\"}");
        if (!synced.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no sync_complete within 30 s");
        }
    }

    /** Queues a frame; the JDK socket takes one send at a time, so sends are chained. */
    synchronized void send(String frame) {
        sending = sending.thenCompose(x -> socket.sendText(frame, true));
    }

    void sendMessage(String conversationId, long index) {
        String id = stepPrefix + index;
        String frame = "{\"type\":\"send\",\"id\":\"" + id + "\",\"c\":\"" + conversationId
                + "\",\"clientMsgId\":\"" + id + "\",\"body\":\"Benchmark message " + index
                + ": observations stable, please review\"}";
        unanswered.put(id, frame);
        send(frame);
    }

    /** Sends a cumulative ack for each conversation that moved since the last one. */
    void flushAcks() {
        seenSeq.forEach((c, seq) -> {
            Long acked = ackedSeq.get(c);
            if (acked == null || acked < seq) {
                ackedSeq.put(c, seq);
                send("{\"type\":\"ack\",\"c\":\"" + c + "\",\"upTo\":" + seq + "}");
            }
        });
    }

    /** The last failed {@code result} frame, to say why sends failed. */
    volatile String lastFailure;

    /** Sends answered with a failure that was not a refusal to retry. */
    long failedResults() {
        return failedResults.get();
    }

    /** Sends refused for now (429/503 with {@code retryAfter}) and sent again after that delay, same client id. */
    long retried() {
        return retried.get();
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done")
                .orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(e -> null);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        String frame;
        if (partial.isEmpty() && last) {
            frame = data.toString();
        } else {
            partial.append(data);
            if (!last) {
                ws.request(1);
                return null;
            }
            frame = partial.toString();
            partial.setLength(0);
        }
        handle(frame, System.nanoTime());
        ws.request(1);
        return null;
    }

    private void handle(String frame, long now) {
        if (frame.startsWith("{\"type\":\"event\"")) {
            String c = field(frame, "\"c\":\"");
            long seq = Long.parseLong(number(frame, "\"seq\":"));
            seenSeq.merge(c, seq, Math::max);
            String clientMsgId = field(frame, "\"clientMsgId\":\"");
            String prefix = stepPrefix;
            if (clientMsgId != null
                    && clientMsgId.startsWith(prefix)
                    && !userId.equals(field(frame, "\"senderId\":\""))) {
                log.received(Long.parseLong(clientMsgId.substring(prefix.length())), now);
            }
        } else if (frame.startsWith("{\"type\":\"result\"")) {
            String id = field(frame, "\"id\":\"");
            String sent = id == null ? null : unanswered.remove(id);
            if (frame.contains("\"ok\":false")) {
                if (sent != null && frame.contains("\"retryAfter\":")) {
                    retried.incrementAndGet();
                    unanswered.put(id, sent);
                    RETRIES.schedule(
                            () -> send(sent), Long.parseLong(number(frame, "\"retryAfter\":")), TimeUnit.SECONDS);
                } else {
                    failedResults.incrementAndGet();
                    lastFailure = frame;
                }
            }
        } else if (frame.startsWith("{\"type\":\"sync_complete\"")) {
            synced.countDown();
        }
    }

    private static String field(String frame, String key) {
        int i = frame.indexOf(key);
        if (i < 0) {
            return null;
        }
        int start = i + key.length();
        return frame.substring(start, frame.indexOf('"', start));
    }

    private static String number(String frame, String key) {
        int start = frame.indexOf(key) + key.length();
        int end = start;
        while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
            end++;
        }
        return frame.substring(start, end);
    }
}
