package org.carechat.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client over loopback (the JDK's), recording every frame the server sends. */
public final class WsClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    /** Notified on every frame and on the close, so waiting takes as long as the server does. */
    private final Object arrived = new Object();

    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private WebSocket socket;

    private WsClient() {}

    public static WsClient connect(HttpClient http, String url, String token) {
        return connectWithHeader(http, url, "Authorization", "Bearer " + token);
    }

    public static WsClient connectWithCookie(HttpClient http, String url, String cookie) {
        return connectWithHeader(http, url, "Cookie", cookie);
    }

    private static WsClient connectWithHeader(HttpClient http, String url, String name, String value) {
        WsClient client = new WsClient();
        client.socket = http.newWebSocketBuilder()
                .header(name, value)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), client.listener())
                .join();
        return client;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(JSON.readTree(partial.toString()));
                    partial.setLength(0);
                    signal();
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeReason = reason;
                closed.complete(statusCode);
                signal();
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
                signal();
            }
        };
    }

    public void send(Object frame) {
        socket.sendText(JSON.writeValueAsString(frame), true).join();
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
    }

    public List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    public List<JsonNode> frames(String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : frames) {
            if (type.equals(f.get("type").asString())) {
                out.add(f);
            }
        }
        return out;
    }

    /** Waits for the first frame matching {@code match}, failing after {@code seconds}. */
    public JsonNode await(Predicate<JsonNode> match, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (JsonNode f : frames) {
                if (match.test(f)) {
                    return f;
                }
            }
            waitForMore(deadline);
        }
        throw new AssertionError("no matching frame within " + seconds + " s; got " + frames);
    }

    /**
     * Waits for the first frame matching {@code match} or for the server to close the socket, failing after {@code
     * seconds}; null when the socket was closed first.
     */
    public JsonNode awaitUnlessClosed(Predicate<JsonNode> match, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (JsonNode f : frames) {
                if (match.test(f)) {
                    return f;
                }
            }
            if (isClosed()) {
                return null;
            }
            waitForMore(deadline);
        }
        throw new AssertionError("no matching frame within " + seconds + " s and the socket is open; got " + frames);
    }

    /**
     * Sends a {@code ping} and waits for its {@code pong}: the server has handled every frame sent before it (frames
     * of one socket are handled in order).
     */
    public void roundTrip(String id) {
        send(java.util.Map.of("type", "ping", "id", id));
        await(
                f -> "pong".equals(f.path("type").asString(null))
                        && id.equals(f.path("id").asString(null)),
                10);
    }

    /** Sends a {@code resume} without cursors and waits for its {@code sync_complete}. */
    public void resumeAndAwaitSync(int seconds) {
        send(java.util.Map.of("type", "resume"));
        awaitType("sync_complete", seconds);
    }

    public JsonNode awaitType(String type, int seconds) {
        return await(f -> type.equals(f.get("type").asString()), seconds);
    }

    /** Waits until the socket is closed by the server and returns the close code. */
    public int awaitClose(int seconds) {
        try {
            return closed.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + seconds + " s", e);
        }
    }

    /** The reason the server gave when it closed the socket (null while open). */
    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public void clear() {
        frames.clear();
    }

    /** Drops the connection without a closing handshake, like a phone losing its network. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
        socket.abort();
    }

    private void signal() {
        synchronized (arrived) {
            arrived.notifyAll();
        }
    }

    /** Waits for the next frame or the close, at most until {@code deadline} and never more than 10 ms. */
    private void waitForMore(long deadline) {
        long millis = Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        try {
            synchronized (arrived) {
                arrived.wait(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
