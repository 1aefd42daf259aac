package org.carechat.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One device of the reconnect storm (T-REL-06): a real WebSocket that resumes from the highest seq it holds and checks
 * that every entry of its one conversation follows the one before. A gap or a repeat is counted, never mended, so
 * the server's promise is what is measured.
 */
final class StormClient implements WebSocket.Listener {

    /** How one attempt to connect and catch up ended. */
    enum Attempt {
        /** {@code sync_complete} arrived: caught up, live from here. */
        SYNCED,
        /** The server said no and when to come back: 1013, or 503/429 at the upgrade. */
        REFUSED,
        /** No answer within the attempt's time: the server is slow, not refusing; the device tries again. */
        TIMED_OUT,
        /** The connection broke or was closed without a refusal: a silent rejection. */
        DROPPED
    }

    private static final Pattern RECONNECT_IN = Pattern.compile("reconnect in (\\d+) s");

    final String token;
    final String conversation;
    final AtomicInteger gaps = new AtomicInteger();
    final AtomicInteger repeats = new AtomicInteger();
    /** The highest seq held, with none missing since the first this device saw; 0 before any. */
    private volatile long held;

    private volatile int retryAfterSeconds;
    private volatile CompletableFuture<Attempt> attempt = new CompletableFuture<>();
    private volatile WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    StormClient(String token, String conversation) {
        this.token = token;
        this.conversation = conversation;
    }

    long held() {
        return held;
    }

    /** Seconds the server asked to wait after a refusal (2 when it did not say). */
    int retryAfterSeconds() {
        return retryAfterSeconds > 0 ? retryAfterSeconds : 2;
    }

    /** Opens a socket, resumes from the seq held and waits for the catch-up to end (or to be refused or lost). */
    Attempt connect(HttpClient http, URI uri, Duration within) {
        CompletableFuture<Attempt> outcome = new CompletableFuture<>();
        attempt = outcome;
        retryAfterSeconds = 0;
        try {
            socket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .connectTimeout(within)
                    .buildAsync(uri, this)
                    .get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused
                    && (refused.getResponse().statusCode() == 503
                            || refused.getResponse().statusCode() == 429)) {
                retryAfterSeconds = refused.getResponse()
                        .headers()
                        .firstValue("Retry-After")
                        .map(Integer::parseInt)
                        .orElse(0);
                return Attempt.REFUSED;
            }
            return e.getCause() instanceof java.net.http.HttpTimeoutException ? Attempt.TIMED_OUT : Attempt.DROPPED;
        } catch (TimeoutException e) {
            return Attempt.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long from = held;
        socket.sendText(
                from == 0
                        ? "{\"type\":\"resume\"}"
                        : "{\"type\":\"resume\",\"cursors\":[{\"c\":\"" + conversation + "\",\"seq\":" + from + "}]}",
                true);
        try {
            return outcome.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            socket.abort();
            return Attempt.TIMED_OUT;
        } catch (ExecutionException e) {
            socket.abort();
            return Attempt.DROPPED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Drops the connection without a closing handshake, like a phone losing its network. */
    void abort() {
        if (socket != null) {
            socket.abort();
        }
    }

    void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            handle(CrashCheck.JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    private void handle(JsonNode frame) {
        switch (frame.get("type").asString()) {
            case "event" -> see(frame.get("seq").asLong());
            case "batch" -> frame.get("events").forEach(e -> see(e.get("seq").asLong()));
            case "sync_complete" -> attempt.complete(Attempt.SYNCED);
            default -> {
                // receipts and the like: not what the storm checks
            }
        }
    }

    private void see(long seq) {
        if (held == 0) {
            held = seq; // a new device starts at the newest entries of its conversation
        } else if (seq <= held) {
            repeats.incrementAndGet();
        } else {
            if (seq > held + 1) {
                gaps.incrementAndGet();
            }
            held = seq;
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        if (statusCode == 1013) {
            Matcher m = RECONNECT_IN.matcher(reason);
            retryAfterSeconds = m.find() ? Integer.parseInt(m.group(1)) : 0;
            attempt.complete(Attempt.REFUSED);
        } else {
            attempt.complete(Attempt.DROPPED);
        }
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        attempt.complete(Attempt.DROPPED);
    }
}
