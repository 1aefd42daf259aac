package org.carechat.bench;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.carechat.CareChatApplication;
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
import org.carechat.testing.TestPostgres;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The delivery benchmark of docs/performance.md: send-to-receive latency of 1:1 messages at fixed offered rates.
 *
 * <p>Starts a CareChat server in this JVM on SQLite and/or an embedded PostgreSQL (both with fsync on), creates
 * {@code clients} staff users paired into direct conversations, connects one real WebSocket per user over
 * loopback, then for each offered rate sends open-loop for {@code seconds} (after a warm-up) and prints, per rate:
 * achieved send rate, delivered, missing, failed, and p50/p99/max latency from the scheduled send to the
 * recipient's {@code event} frame. Raising the rate stops at the first step with p99 over one second, a failed
 * send or a message not delivered within 5 s.
 *
 * <p>With {@code --nodes=1,2} (PostgreSQL) it runs once per node count, one after the other: with two, both nodes
 * run in cluster mode in this JVM on one database, and the clients are spread over them as a round-robin load
 * balancer would — every other conversation has its two people on different nodes, so half of the messages cross
 * between nodes through the database's doorbell.
 *
 * <pre>./carechat bench [--storage=sqlite|postgresql|both] [--clients=200] [--rates=100,250,...] [--seconds=10]
 *     [--nodes=1,2]</pre>
 */
public final class LoadGenerator {

    private final int clients;
    private final int seconds;
    private final int warmupSeconds = 2;

    private LoadGenerator(int clients, int seconds) {
        this.clients = clients;
        this.seconds = seconds;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        String storage = options.getOrDefault("storage", "both");
        int[] rates = Arrays.stream(options.getOrDefault("rates", "100,250,500,1000,1500,2000,3000")
                        .split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int[] nodeCounts = Arrays.stream(options.getOrDefault("nodes", "1").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        if (Arrays.stream(nodeCounts).anyMatch(n -> n > 1) && !storage.equals("postgresql")) {
            throw new IllegalArgumentException("several nodes need --storage=postgresql (cluster mode)");
        }
        LoadGenerator generator = new LoadGenerator(
                Integer.parseInt(options.getOrDefault("clients", "200")),
                Integer.parseInt(options.getOrDefault("seconds", "10")));
        List<String> summary = new ArrayList<>();
        for (String s : storage.equals("both") ? List.of("sqlite", "postgresql") : List.of(storage)) {
            for (int nodes : nodeCounts) {
                summary.add(generator.run(s, nodes, rates));
            }
        }
        out("");
        summary.forEach(LoadGenerator::out);
        System.exit(0);
    }

    private String run(String storage, int nodeCount, int[] rates) throws Exception {
        String name = storage + (nodeCount > 1 ? ", " + nodeCount + " nodes" : "");
        out("");
        out("== " + name + ": " + clients + " WebSocket clients, " + clients / 2 + " direct conversations, " + seconds
                + " s per rate after " + warmupSeconds + " s warm-up, fsync on");
        List<ConfigurableApplicationContext> nodes = start(storage, nodeCount);
        try {
            Fixture fixture = setUp(nodes.getFirst());
            HttpClient http = HttpClient.newHttpClient();
            int capacity =
                    (seconds + warmupSeconds) * Arrays.stream(rates).max().orElse(1) + 1;
            LatencyLog log = new LatencyLog(capacity);
            List<BenchClient> sockets = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                BenchClient client = new BenchClient(fixture.users.get(i).id(), log);
                client.connect(http, port(nodes.get(nodeOf(i, nodeCount))), fixture.tokens.get(i));
                sockets.add(client);
            }
            ScheduledExecutorService acks = Executors.newSingleThreadScheduledExecutor();
            // Each client flushes its acks every 250 ms, the clients spread over ten phases 25 ms apart, as
            // independent devices would be (not all at the same instant).
            int[] phase = {0};
            acks.scheduleAtFixedRate(
                    () -> {
                        int p = phase[0]++ % 10;
                        for (int i = p; i < sockets.size(); i += 10) {
                            sockets.get(i).flushAcks();
                        }
                    },
                    25,
                    25,
                    TimeUnit.MILLISECONDS);
            out(String.format(
                    Locale.ROOT,
                    "%8s %10s %9s %7s %6s %7s %9s %9s %9s",
                    "offered",
                    "achieved",
                    "delivered",
                    "missing",
                    "failed",
                    "retried",
                    "p50 ms",
                    "p99 ms",
                    "max ms"));
            int best = 0;
            int step = 0;
            for (int rate : rates) {
                LatencyLog stepLog = new LatencyLog(capacity);
                int stepNumber = ++step;
                sockets.forEach(s -> s.startStep(stepNumber, stepLog));
                long failedBefore =
                        sockets.stream().mapToLong(BenchClient::failedResults).sum();
                long retriedBefore =
                        sockets.stream().mapToLong(BenchClient::retried).sum();
                double achieved = offer(rate, sockets, fixture, stepLog);
                int warm = warmupSeconds * rate;
                awaitStragglers(stepLog, warm, warm + seconds * rate);
                LatencyLog.Summary s = stepLog.summarise(warm, warm + seconds * rate);
                long failed =
                        sockets.stream().mapToLong(BenchClient::failedResults).sum() - failedBefore;
                long retried = sockets.stream().mapToLong(BenchClient::retried).sum() - retriedBefore;
                out(String.format(
                        Locale.ROOT,
                        "%8d %10.0f %9d %7d %6d %7d %9.2f %9.2f %9.2f",
                        rate,
                        achieved,
                        s.delivered(),
                        s.missing(),
                        failed,
                        retried,
                        s.p50(),
                        s.p99(),
                        s.max()));
                if (failed > 0) {
                    sockets.stream()
                            .map(c -> c.lastFailure)
                            .filter(java.util.Objects::nonNull)
                            .findFirst()
                            .ifPresent(f -> out("         a failed send was answered: " + f));
                }
                if (s.p99() < 100 && s.missing() == 0 && failed == 0) {
                    best = rate;
                }
                if (s.p99() > 1000 || s.missing() > 0 || failed > 0) {
                    break;
                }
            }
            acks.shutdownNow();
            sockets.forEach(BenchClient::close);
            return name + ": highest offered rate sustained with p99 < 100 ms: " + best + " msg/s";
        } finally {
            nodes.forEach(ConfigurableApplicationContext::close);
        }
    }

    /**
     * The node of client {@code i}; clients {@code 2k} and {@code 2k+1} share conversation {@code k}. Its first
     * person is on node {@code k mod n}, the second on the same node or the next one, alternating every {@code n}
     * conversations: each node holds as many clients, and with two nodes half of the conversations are split.
     */
    static int nodeOf(int i, int nodeCount) {
        int k = i / 2;
        return (i % 2 == 0 ? k : k + k / nodeCount % 2) % nodeCount;
    }

    static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }

    /** Sends open-loop at {@code rate} msg/s for warm-up plus measurement; returns the achieved send rate. */
    private double offer(int rate, List<BenchClient> sockets, Fixture fixture, LatencyLog log) {
        long start = System.nanoTime() + 50_000_000L;
        int sent = offer(
                rate, (warmupSeconds + seconds) * rate, start, sockets, fixture.conversationOf(), log, () -> false);
        return sent / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Sends open-loop at {@code rate} msg/s from {@code start} (nanos), message {@code i} from client {@code i mod
     * n}, until {@code total} are sent or {@code stop} says so (checked before each); returns how many were sent.
     */
    static int offer(
            int rate,
            int total,
            long start,
            List<BenchClient> sockets,
            List<String> conversationOf,
            LatencyLog log,
            java.util.function.BooleanSupplier stop) {
        long interval = 1_000_000_000L / rate;
        int i = 0;
        for (; i < total && !stop.getAsBoolean(); i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            log.scheduled(i, due);
            int sender = i % sockets.size();
            sockets.get(sender).sendMessage(conversationOf.get(sender), i);
        }
        return i;
    }

    /** Waits up to 5 s for the last messages of a step; what is still missing then counts as not delivered. */
    static void awaitStragglers(LatencyLog log, int from, int to) throws InterruptedException {
        for (int i = 0; i < 50 && log.summarise(from, to).missing() > 0; i++) {
            Thread.sleep(100);
        }
        Thread.sleep(200); // let acks and receipts of the step settle before the next one
    }

    record Fixture(List<User> users, List<String> tokens, List<String> conversationOf) {}

    private Fixture setUp(ConfigurableApplicationContext server) {
        return setUp(server, clients);
    }

    /** {@code clients} staff users of a new organisation, paired into direct conversations, with device tokens. */
    static Fixture setUp(ConfigurableApplicationContext server, int clients) {
        Transactions tx = server.getBean(Transactions.class);
        UserService users = server.getBean(UserService.class);
        TokenService tokens = server.getBean(TokenService.class);
        ConversationService conversations = server.getBean(ConversationService.class);
        Organisation org = tx.write(() -> server.getBean(OrgService.class).create("Bench Hospital", null, null));
        List<User> created = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int n = i;
            User user = tx.write(() -> users.createByOperator(
                    org.id(), new NewUser("bench" + n, "Bench User " + n, Role.CLINICIAN, null, false), false));
            created.add(user);
            secrets.add(tokens.issueDeviceToken(user, "bench").secret());
        }
        List<String> conversationOf = new ArrayList<>(java.util.Collections.nCopies(clients, (String) null));
        for (int i = 0; i + 1 < clients; i += 2) {
            User a = created.get(i);
            CurrentUser as = new CurrentUser(a.id(), org.id(), a.displayName(), a.role(), false, "bench", "127.0.0.1");
            Conversation c = conversations.create(
                    as,
                    new NewConversation(
                            Conversation.Kind.DIRECT,
                            Conversation.Audience.STAFF,
                            null,
                            null,
                            true,
                            List.of(created.get(i + 1).id()),
                            null));
            conversationOf.set(i, c.id());
            conversationOf.set(i + 1, c.id());
        }
        return new Fixture(created, secrets, conversationOf);
    }

    /** Starts the nodes: with several, in cluster mode on one database and one master key file. */
    static List<ConfigurableApplicationContext> start(String storage, int nodeCount) throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-" + storage + "-");
        TestPostgres.Database db = storage.equals("postgresql") ? TestPostgres.newDatabase() : null;
        List<ConfigurableApplicationContext> nodes = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=" + freePort(),
                    "--server.address=127.0.0.1",
                    "--carechat.storage=" + storage,
                    "--carechat.data-dir=" + dataDir.resolve("node-" + n),
                    "--carechat.master-key-file=" + dataDir.resolve("master-key.json"),
                    "--logging.level.root=WARN",
                    "--logging.level.org.carechat=WARN",
                    "--carechat.cluster.enabled=" + (nodeCount > 1)));
            // 200 clients on one address, each far above a person's sending rate: the limits would be the bottleneck.
            org.carechat.testing.StorageInitializers.UNLIMITED.forEach(limit -> args.add("--" + limit));
            if (db != null) {
                args.addAll(List.of(
                        "--carechat.postgres.url=" + db.url(),
                        "--carechat.postgres.username=" + db.username(),
                        "--carechat.postgres.password=" + db.password(),
                        "--carechat.postgres.pool-size=" + System.getProperty("bench.pg.pool", "32")));
            }
            nodes.add(SpringApplication.run(CareChatApplication.class, args.toArray(String[]::new)));
        }
        return nodes;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @SuppressWarnings("java:S106")
    private static void out(String line) {
        System.out.println(line);
    }
}
