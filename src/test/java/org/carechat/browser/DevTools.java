package org.carechat.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Chrome DevTools Protocol client of its own, for what ChromeDriver's {@code executeCdpCommand} cannot do: read
 * events (a service worker's registration id) and talk to another target (the service worker itself). It connects
 * to the debugging address ChromeDriver's browser listens on.
 */
final class DevTools implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    private DevTools(String webSocketUrl) {
        this.socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(webSocketUrl), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received(JSON.readTree(text.toString()));
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                })
                .join();
    }

    /** Connects to the first target of {@code type} ({@code page}, {@code service_worker}) whose URL contains {@code url}. */
    static DevTools attach(Browser browser, String type, String url) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> chrome =
                (Map<String, Object>) browser.driver.getCapabilities().getCapability("goog:chromeOptions");
        String address = (String) chrome.get("debuggerAddress");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            String list = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://" + address + "/json/list"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            for (JsonNode target : JSON.readTree(list)) {
                if (type.equals(target.path("type").asString())
                        && target.path("url").asString().contains(url)) {
                    return new DevTools(target.path("webSocketDebuggerUrl").asString());
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no DevTools target " + type + " at " + url);
    }

    private void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer =
                    answers.remove(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
        } else {
            events.add(message);
        }
    }

    /** Sends a command and returns its {@code result}; a protocol error fails the test. */
    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .join();
        JsonNode message = answer.get(20, TimeUnit.SECONDS);
        if (message.has("error")) {
            throw new AssertionError(method + " failed: " + message.get("error"));
        }
        return message.get("result");
    }

    /** Evaluates {@code expression} in the target, awaiting a promise, and returns its value. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result =
                call("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("the script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** The next event {@code method}'s params within {@code within}, or null (other events are dropped). */
    JsonNode pollEvent(String method, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            JsonNode event = events.poll(50, TimeUnit.MILLISECONDS);
            if (event != null && method.equals(event.path("method").asString())) {
                return event.get("params");
            }
        }
        return null;
    }

    /** The next event {@code method}'s params (earlier other events are dropped). */
    JsonNode awaitEvent(String method, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            JsonNode event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && method.equals(event.path("method").asString())) {
                return event.get("params");
            }
        }
        throw new AssertionError("no " + method + " event");
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
}
