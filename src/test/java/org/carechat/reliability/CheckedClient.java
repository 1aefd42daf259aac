package org.carechat.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One device of the crash test, behaving as the apps do: it sends messages with client message ids, retries every
 * send whose answer it has not seen — after a reconnect, a 5xx or 429, or a silence — with the same id, acknowledges
 * what it receives, and after losing its connection reconnects and resumes from its cursor. It records every
 * operation (invoked, ok with its seq, failed) and every entry received, for the checker.
 */
final class CheckedClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final String userId;
    final String conversation;
    private final String token;
    private final HttpClient http;
    private final String url;

    /** Sends invoked and not yet answered ok: client message id → when last sent. */
    final Map<String, Long> pending = new ConcurrentHashMap<>();
    /** Sends answered ok: client message id → seq. */
    final Map<String, Long> acked = new ConcurrentHashMap<>();
    /** Sends answered ok more than once with different seqs (a stored duplicate). */
    final List<String> conflictingAnswers = new CopyOnWriteArrayList<>();
    /** Sends refused for good (4xx other than 429). */
    final List<String> failed = new CopyOnWriteArrayList<>();
    /** Received entries: seq → client message id (null for events). */
    final Map<Long, String> received = new ConcurrentHashMap<>();
    /** Seqs in the order they first arrived. */
    final List<Long> arrivals = new CopyOnWriteArrayList<>();
    /** Times an ok answer arrived (epoch ms). */
    final List<Long> okTimes = new CopyOnWriteArrayList<>();

    volatile int redeliveries;
    /** Sends transmitted again after an answer did not come (a kill, a 5xx, a silence). */
    volatile int retries;
    /** Retries the server recognised as already stored and answered with the original. */
    volatile int answeredAsStored;

    volatile long cursor;
    private volatile WebSocket socket;
    private volatile boolean synced;
    private volatile boolean stopped;

    CheckedClient(HttpClient http, int port, String userId, String token, String conversation) {
        this.http = http;
        this.url = "ws://127.0.0.1:" + port + "/api/v1/ws";
        this.userId = userId;
        this.token = token;
        this.conversation = conversation;
    }

    /** Invokes a send; it is retried until answered. */
    void send(String clientMsgId) {
        pending.put(clientMsgId, System.currentTimeMillis());
        transmit(clientMsgId);
    }

    /** Called often by the run: keeps the connection up, acknowledges, retries sends answered by nothing. */
    synchronized void tick() {
        if (stopped) {
            return;
        }
        if (socket == null || socket.isOutputClosed() || socket.isInputClosed()) {
            connect();
            return;
        }
        if (synced) {
            long now = System.currentTimeMillis();
            pending.forEach((id, sentAt) -> {
                if (now - sentAt > 2_000) {
                    pending.put(id, now);
                    retries++;
                    transmit(id);
                }
            });
            frame(Map.of("type", "ack", "c", conversation, "upTo", cursor));
        }
    }

    /** Drops the connection and resumes from the cursor, waiting until the catch-up is complete. */
    void resyncAndWait(Duration within) {
        WebSocket old = socket;
        synchronized (this) {
            synced = false;
            if (old != null) {
                old.abort();
            }
            socket = null;
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (!synced && System.nanoTime() < deadline) {
            tick();
            ServerProcess.pause(100);
        }
        if (!synced) {
            throw new AssertionError("client " + userId + " could not resume within " + within);
        }
    }

    void stop() {
        stopped = true;
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
    }

    private void transmit(String clientMsgId) {
        if (synced) {
            frame(Map.of(
                    "type",
                    "send",
                    "id",
                    clientMsgId,
                    "c",
                    conversation,
                    "clientMsgId",
                    clientMsgId,
                    "body",
                    "crash test " + clientMsgId));
        }
    }

    private void frame(Map<String, Object> frame) {
        WebSocket s = socket;
        if (s == null) {
            return;
        }
        try {
            s.sendText(JSON.writeValueAsString(frame), true).get();
        } catch (Exception dropped) {
            s.abort(); // the next tick reconnects
        }
    }

    private void connect() {
        synced = false;
        try {
            socket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .connectTimeout(Duration.ofSeconds(2))
                    .buildAsync(URI.create(url), listener())
                    .get();
            frame(Map.of("type", "resume", "cursors", List.of(Map.of("c", conversation, "seq", cursor))));
        } catch (Exception serverDown) {
            socket = null;
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    handle(JSON.readTree(partial.toString()));
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                synced = false;
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                synced = false;
            }
        };
    }

    private void handle(JsonNode frame) {
        switch (frame.path("type").asString("")) {
            case "sync_complete" -> {
                synced = true;
                long now = System.currentTimeMillis();
                pending.keySet().forEach(id -> {
                    pending.put(id, now);
                    retries++;
                    transmit(id);
                });
            }
            case "result" -> result(frame);
            case "event" -> entry(frame.get("entry"));
            case "batch" -> frame.get("events").forEach(this::entry);
            default -> {}
        }
    }

    private void result(JsonNode frame) {
        String id = frame.get("id").asString();
        if (frame.get("ok").asBoolean()) {
            long seq = frame.get("seq").asLong();
            if (frame.path("duplicate").asBoolean(false)) {
                answeredAsStored++;
            }
            Long earlier = acked.putIfAbsent(id, seq);
            if (earlier != null && earlier != seq) {
                conflictingAnswers.add(id);
            }
            pending.remove(id);
            okTimes.add(System.currentTimeMillis());
        } else {
            int status = frame.path("status").asInt(0);
            if (status >= 400 && status < 500 && status != 429) {
                failed.add(id + " " + status);
                pending.remove(id);
            }
            // 5xx and 429: stays pending, retried with the same id
        }
    }

    private void entry(JsonNode entry) {
        long seq = entry.get("seq").asLong();
        JsonNode clientId = entry.get("clientMsgId");
        if (received.putIfAbsent(seq, clientId == null || clientId.isNull() ? "" : clientId.asString()) != null) {
            redeliveries++;
            return;
        }
        arrivals.add(seq);
        long c = cursor;
        while (received.containsKey(c + 1)) {
            c++;
        }
        cursor = c;
    }

    /** Seqs from 1 to the highest received that never arrived. */
    List<Long> gaps() {
        long max = received.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        List<Long> missing = new ArrayList<>();
        for (long s = 1; s <= max; s++) {
            if (!received.containsKey(s)) {
                missing.add(s);
            }
        }
        return missing;
    }

    /** Times a seq arrived for the first time after a higher one. */
    int orderViolations() {
        int violations = 0;
        long highest = 0;
        for (long seq : arrivals) {
            if (seq < highest) {
                violations++;
            }
            highest = Math.max(highest, seq);
        }
        return violations;
    }
}
