package org.carechat.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.carechat.bench.LauncherJvm;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.TokenService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import org.carechat.testing.StorageInitializers;
import org.carechat.testing.TestPostgres;

/**
 * Many connected devices, their memory, and a reconnect storm (T-REL-06), against a server in a process of its own.
 *
 * <p>Staff in ward groups of {@value #GROUP_SIZE}, each with two devices, connect one real WebSocket per device and
 * catch up. With all of them idle, the server's heap after a full collection (and its resident size) is compared
 * with before they connected: memory per connected socket. Then the storm: {@code storm} devices drop their
 * connections at once without a goodbye (as when a ward's Wi-Fi fails), {@code backlog} messages arrive in every
 * group while they are away, and they all reconnect within {@code window} seconds, each at a random moment, resuming
 * from the seq it holds. Each device checks that every entry follows the one before (gaps and repeats), and at the
 * end holds its group's last message (missing). A connection the server refuses (1013, or 503/429 at the upgrade)
 * is counted and retried after the time it named; one that breaks or is closed without a refusal counts as silently
 * dropped; one that gets no answer within 30 s (a slow server, not a refusal) is counted as timed out and retried.
 * Reported: reconnect p50/p99/max (from the device's chosen moment to its {@code sync_complete}, retries included)
 * and the server's heap peak during the storm.
 *
 * <pre>./carechat bench-connections [--storage=sqlite|postgresql|both] [--connections=10000] [--storm=5000]
 *     [--window=10] [--backlog=10] [--heap=1g] [--server-jvm="..."] [--inspect=histogram|dump]
 *     [--server-jar=target/aot/carechat.jar] (the server from that jar, not the class path: to use an AOT cache)</pre>
 */
public final class ReconnectStorm {

    static final int GROUP_SIZE = 50;

    /** The figures of one run (printed as JSON). */
    public record Result(
            String storage,
            int connections,
            double connectAllSeconds,
            long heapBeforeMb,
            long heapConnectedMb,
            long heapBytesPerConnection,
            long residentBytesPerConnection,
            int storm,
            int windowSeconds,
            int backlogPerGroup,
            int reconnected,
            int refused,
            int timedOut,
            int silentlyDropped,
            int gaps,
            int repeats,
            int missing,
            long reconnectP50Millis,
            long reconnectP99Millis,
            long reconnectMaxMillis,
            long heapPeakDuringStormMb,
            String serverJvm) {}

    private record Device(String token, String conversation) {}

    private record Group(String conversation, String senderToken) {}

    private record Fixture(List<Device> devices, List<Group> groups) {}

    private final String storage;
    private final int connections;
    private final int storm;
    private final int windowSeconds;
    private final int backlog;
    private final List<String> serverJvm;
    /** Null, {@code histogram} or {@code dump}: see {@link #inspect}. */
    private String inspect;

    private Path serverJar;

    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger timedOut = new AtomicInteger();

    /** @param serverJvm the server process's JVM options: the launcher's ({@link LauncherJvm}) and, say, a heap size */
    ReconnectStorm(String storage, int connections, int storm, int windowSeconds, int backlog, List<String> serverJvm) {
        if (storm > connections || connections % 2 != 0) {
            throw new IllegalArgumentException("connections must be even and at least storm");
        }
        this.storage = storage;
        this.connections = connections;
        this.storm = storm;
        this.windowSeconds = windowSeconds;
        this.backlog = backlog;
        this.serverJvm = serverJvm;
    }

    /** Starts the server from this jar ({@code java -jar}) rather than from the class path; null: the class path. */
    ReconnectStorm fromJar(Path jar) {
        this.serverJar = jar;
        return this;
    }

    /** Writes where the server's memory goes, before and with the sockets ({@code histogram} or {@code dump}). */
    ReconnectStorm inspecting(String what) {
        this.inspect = what;
        return this;
    }

    Result run() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "storm-" + storage + "-");
        List<String> properties =
                new ArrayList<>(List.of("carechat.storage=" + storage, "carechat.data-dir=" + dir.resolve("data")));
        // Thousands of devices on one loopback address: the per-address limits would be what is measured.
        properties.addAll(StorageInitializers.UNLIMITED);
        if (storage.equals("postgresql")) {
            TestPostgres.Database db = TestPostgres.newDatabase();
            properties.addAll(List.of(
                    "carechat.postgres.url=" + db.url(),
                    "carechat.postgres.username=" + db.username(),
                    "carechat.postgres.password=" + db.password()));
        }
        Fixture fixture = ServerProcess.withServices(properties, this::prepare);
        int port = ServerProcess.freePort();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/api/v1/ws");
        ExecutorService callbacks = Executors.newFixedThreadPool(4);
        List<HttpClient> https = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            https.add(HttpClient.newBuilder().executor(callbacks).build());
        }
        List<StormClient> clients = new ArrayList<>();
        for (Device d : fixture.devices()) {
            clients.add(new StormClient(d.token(), d.conversation()));
        }
        try (ServerProcess server =
                new ServerProcess(port, dir.resolve("server.log"), serverJvm, properties, serverJar)) {
            server.start();
            long pid = server.pid();
            long heapBefore = ServerMemory.heapAfterFullGc(pid);
            long residentBefore = ServerMemory.residentBytes(pid);
            inspect(pid, dir, "before");

            long connectStart = System.nanoTime();
            connectAll(clients, https, uri);
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            ServerProcess.pause(3000);
            long heapConnected = ServerMemory.heapAfterFullGc(pid);
            long residentConnected = ServerMemory.residentBytes(pid);
            inspect(pid, dir, "connected");
            refused.set(0);
            dropped.set(0);
            timedOut.set(0);

            List<StormClient> away = clients.subList(0, storm);
            long[] latencies;
            Map<String, Long> heads;
            long heapPeak;
            try (ServerMemory memory = ServerMemory.sample(pid)) {
                away.forEach(StormClient::abort);
                heads = sendBacklog(fixture.groups(), port);
                latencies = reconnectWithin(away, https, uri);
                settle(clients, heads);
                heapPeak = memory.peakMb();
            }
            clients.forEach(StormClient::close);
            callbacks.shutdownNow();

            int reconnected =
                    (int) java.util.Arrays.stream(latencies).filter(l -> l >= 0).count();
            long[] sorted = java.util.Arrays.stream(latencies)
                    .filter(l -> l >= 0)
                    .sorted()
                    .toArray();
            int missing = 0;
            for (StormClient c : clients) {
                missing += (int) Math.max(0, heads.get(c.conversation) - c.held());
            }
            return new Result(
                    storage,
                    connections,
                    Math.round(connectSeconds * 10) / 10.0,
                    heapBefore >> 20,
                    heapConnected >> 20,
                    (heapConnected - heapBefore) / connections,
                    (residentConnected - residentBefore) / connections,
                    storm,
                    windowSeconds,
                    backlog,
                    reconnected,
                    refused.get(),
                    timedOut.get(),
                    dropped.get(),
                    clients.stream().mapToInt(c -> c.gaps.get()).sum(),
                    clients.stream().mapToInt(c -> c.repeats.get()).sum(),
                    missing,
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.99),
                    sorted.length == 0 ? -1 : sorted[sorted.length - 1],
                    heapPeak,
                    String.join(" ", serverJvm));
        }
    }

    /**
     * With {@code --inspect=histogram}, where the server's memory goes: its class histogram and, when it runs with
     * {@code -XX:NativeMemoryTracking=summary}, its native memory (a baseline before the sockets, the difference with
     * them); with {@code --inspect=dump} the same and a heap dump with the sockets. Files in the run's directory under
     * target/, taken after the figures so that they do not change them.
     */
    private void inspect(long pid, Path dir, String moment) {
        if (inspect == null) {
            return;
        }
        ServerMemory.jcmdTo(pid, dir.resolve("histogram-" + moment + ".txt"), "GC.class_histogram");
        boolean before = moment.equals("before");
        ServerMemory.jcmdTo(
                pid,
                dir.resolve("native-" + moment + ".txt"),
                "VM.native_memory",
                before ? "baseline" : "summary.diff");
        if (!before && inspect.equals("dump")) {
            ServerMemory.jcmdTo(
                    pid,
                    dir.resolve("dump.txt"),
                    "GC.heap_dump",
                    dir.resolve("connected.hprof").toString());
        }
        System.err.println("inspection (" + moment + ") in " + dir);
    }

    /** Connects every device, at most 200 catching up at once, as a ward's devices come online over a minute. */
    private void connectAll(List<StormClient> clients, List<HttpClient> https, URI uri) throws Exception {
        Semaphore inFlight = new Semaphore(200);
        List<Future<Long>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients.size(); i++) {
                StormClient client = clients.get(i);
                HttpClient http = https.get(i % https.size());
                inFlight.acquire();
                done.add(threads.submit(() -> {
                    try {
                        return connect(client, http, uri, System.nanoTime());
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        for (Future<Long> f : done) {
            if (f.get() < 0) {
                throw new IllegalStateException("a device could not connect within 120 s; see the server log");
            }
        }
    }

    /** Each device reconnects at a random moment of the window; returns each one's time to catch up (-1: never). */
    private long[] reconnectWithin(List<StormClient> away, List<HttpClient> https, URI uri) throws Exception {
        long start = System.nanoTime();
        List<Future<Long>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < away.size(); i++) {
                StormClient client = away.get(i);
                HttpClient http = https.get(i % https.size());
                long at = start + ThreadLocalRandom.current().nextLong(windowSeconds * 1_000_000_000L);
                done.add(threads.submit(() -> {
                    ServerProcess.pause(Math.max(0, (at - System.nanoTime()) / 1_000_000));
                    return connect(client, http, uri, at);
                }));
            }
        }
        long[] latencies = new long[done.size()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = done.get(i).get();
        }
        return latencies;
    }

    /** Connects and catches up, after a refusal or a drop trying again as the apps do; ms from {@code from}. */
    private long connect(StormClient client, HttpClient http, URI uri, long from) {
        long deadline = from + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            switch (client.connect(http, uri, Duration.ofSeconds(30))) {
                case SYNCED -> {
                    return (System.nanoTime() - from) / 1_000_000;
                }
                case REFUSED -> {
                    refused.incrementAndGet();
                    ServerProcess.pause(client.retryAfterSeconds() * 1000L
                            + ThreadLocalRandom.current().nextLong(1000));
                }
                case TIMED_OUT -> timedOut.incrementAndGet();
                case DROPPED -> {
                    dropped.incrementAndGet();
                    ServerProcess.pause(1000 + ThreadLocalRandom.current().nextLong(1000));
                }
            }
        }
        return -1;
    }

    /** While the devices are away, each group gets {@code backlog} messages (over REST); returns each group's head. */
    private Map<String, Long> sendBacklog(List<Group> groups, int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Long> heads = new ConcurrentHashMap<>();
        List<Future<?>> sends = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(8)) {
            for (Group g : groups) {
                sends.add(senders.submit(() -> {
                    for (int m = 0; m < backlog; m++) {
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/conversations/"
                                                + g.conversation() + "/messages"))
                                        .header("Authorization", "Bearer " + g.senderToken())
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "{\"clientMsgId\":\"" + UUID.randomUUID() + "\",\"body\":\"Handover "
                                                        + m + ": bed 12 stable\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201) {
                            throw new IllegalStateException("a backlog send was answered " + r.statusCode());
                        }
                        heads.merge(
                                g.conversation(),
                                CrashCheck.JSON.readTree(r.body()).get("seq").asLong(),
                                Math::max);
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : sends) {
            f.get();
        }
        return heads;
    }

    /** Waits (up to 30 s) until every device holds its group's last entry: live pushes may still be on their way. */
    private static void settle(List<StormClient> clients, Map<String, Long> heads) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && clients.stream().anyMatch(c -> c.held() < heads.get(c.conversation))) {
            ServerProcess.pause(200);
        }
    }

    /**
     * One organisation; staff in groups of {@value #GROUP_SIZE}, two device tokens each. The first half of the
     * returned devices is every user's first device, so a storm of up to half the devices hits distinct people.
     */
    private Fixture prepare(org.springframework.context.ConfigurableApplicationContext context) {
        Transactions tx = context.getBean(Transactions.class);
        UserService users = context.getBean(UserService.class);
        TokenService tokens = context.getBean(TokenService.class);
        ConversationService conversations = context.getBean(ConversationService.class);
        Organisation org =
                tx.write(() -> context.getBean(OrgService.class).create("Storm " + UUID.randomUUID(), null, null));
        int people = connections / 2;
        List<User> staff = new ArrayList<>();
        Map<String, List<String>> secrets = new HashMap<>();
        for (int from = 0; from < people; from += 100) {
            int first = from;
            tx.write(() -> {
                for (int i = first; i < Math.min(first + 100, people); i++) {
                    User u = users.createByOperator(
                            org.id(), new NewUser("storm" + i, "Ward Nurse " + i, Role.NURSE, null, false), false);
                    staff.add(u);
                    secrets.put(
                            u.id(),
                            List.of(
                                    tokens.issueDeviceToken(u, "phone").secret(),
                                    tokens.issueDeviceToken(u, "desktop").secret()));
                }
                return null;
            });
        }
        Map<String, String> groupOf = new HashMap<>();
        List<Group> groups = new ArrayList<>();
        for (int from = 0; from < people; from += GROUP_SIZE) {
            List<User> ward = staff.subList(from, Math.min(from + GROUP_SIZE, people));
            User lead = ward.getFirst();
            CurrentUser as =
                    new CurrentUser(lead.id(), org.id(), lead.displayName(), lead.role(), false, "storm", "127.0.0.1");
            Conversation c = conversations.create(
                    as,
                    new NewConversation(
                            Conversation.Kind.GROUP,
                            Conversation.Audience.STAFF,
                            "Ward " + from / GROUP_SIZE,
                            null,
                            true,
                            ward.stream().skip(1).map(User::id).toList(),
                            null));
            ward.forEach(u -> groupOf.put(u.id(), c.id()));
            groups.add(new Group(c.id(), secrets.get(lead.id()).get(1)));
        }
        List<Device> devices = new ArrayList<>();
        for (int device = 0; device < 2; device++) {
            for (User u : staff) {
                devices.add(new Device(secrets.get(u.id()).get(device), groupOf.get(u.id())));
            }
        }
        return new Fixture(devices, groups);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /**
     * The launcher's JVM options ({@code --server-jvm} replaces them), with {@code -Xmx} of {@code --heap} after them
     * when given.
     */
    static List<String> serverJvm(Map<String, String> options) {
        List<String> jvm = new ArrayList<>(
                options.containsKey("server-jvm")
                        ? List.of(options.get("server-jvm").trim().split("\\s+"))
                        : LauncherJvm.options());
        if (options.containsKey("heap")) {
            jvm.add("-Xmx" + options.get("heap"));
        }
        return jvm;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        String which = options.getOrDefault("storage", "both");
        List<Result> results = new ArrayList<>();
        for (String s : which.equals("both") ? List.of("sqlite", "postgresql") : List.of(which)) {
            results.add(new ReconnectStorm(
                            s,
                            Integer.parseInt(options.getOrDefault("connections", "10000")),
                            Integer.parseInt(options.getOrDefault("storm", "5000")),
                            Integer.parseInt(options.getOrDefault("window", "10")),
                            Integer.parseInt(options.getOrDefault("backlog", "10")),
                            serverJvm(options))
                    .inspecting(options.get("inspect"))
                    .fromJar(options.containsKey("server-jar") ? Path.of(options.get("server-jar")) : null)
                    .run());
        }
        String json = CrashCheck.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results);
        Files.writeString(Path.of("target", "reconnect-storm.json"), json, StandardCharsets.UTF_8);
        System.out.println(json);
        for (Result r : results) {
            System.out.printf(
                    "%s, %,d idle sockets: resident %.1f KiB per socket, heap after a full GC %.1f KiB per socket%n",
                    r.storage(),
                    r.connections(),
                    r.residentBytesPerConnection() / 1024.0,
                    r.heapBytesPerConnection() / 1024.0);
        }
        System.exit(0);
    }
}
