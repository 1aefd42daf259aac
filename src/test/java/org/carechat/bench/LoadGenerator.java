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
 * The delivery benchmark of docs/performance.md: send-to-receive latency at fixed offered rates, 1:1 and in groups.
 *
 * <p>Starts a CareChat server in its own process ({@link BenchServer}: the launcher's JVM options unless {@code
 * --server-jvm} says otherwise) on SQLite and/or an embedded PostgreSQL (both with fsync on), with {@code clients}
 * staff users paired into direct conversations and grouped {@code group-size} at a time into group conversations;
 * this process connects one real WebSocket per user over loopback, then, for each kind of traffic and each offered
 * rate, sends open-loop for {@code seconds} (after a warm-up) and prints per rate: achieved send rate, delivered,
 * missing, failed, p50/p99/max latency from the scheduled send to the recipient's {@code event} frame (in a group, to
 * the last recipient's), and the server process's resident memory and CPU time per message. Raising the rate stops
 * at the first step with p99 over one second, a failed send or a message not delivered within 5 s.
 *
 * <p>With {@code --nodes=1,2} (PostgreSQL) it runs once per node count, one after the other: with two, both nodes
 * run in cluster mode in the server process on one database, and the clients are spread over them as a round-robin
 * load balancer would — every other direct conversation has its two people on different nodes, so half of the
 * messages cross between nodes through the database's doorbell.
 *
 * <pre>./carechat bench [--storage=sqlite|postgresql|both] [--traffic=direct,group] [--clients=200]
 *     [--group-size=20] [--rates=100,250,...] [--seconds=10] [--warmup=20] [--nodes=1,2]
 *     [--server-jvm="-XX:+UseZGC"] [--count-statements=true] [--writer-lanes=4]</pre>
 */
public final class LoadGenerator {

    private final int clients;
    private final int groupSize;
    private final int seconds;
    private final List<String> serverJvm;
    private final int warmupSeconds = 2;
    private final int warmupRunSeconds;
    private int step;

    private LoadGenerator(int clients, int groupSize, int seconds, int warmupRunSeconds, List<String> serverJvm) {
        this.clients = clients;
        this.warmupRunSeconds = warmupRunSeconds;
        this.groupSize = groupSize;
        this.seconds = seconds;
        this.serverJvm = serverJvm;
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
        List<String> traffic =
                List.of(options.getOrDefault("traffic", "direct,group").split(","));
        LoadGenerator generator = new LoadGenerator(
                Integer.parseInt(options.getOrDefault("clients", "200")),
                Integer.parseInt(options.getOrDefault("group-size", "20")),
                Integer.parseInt(options.getOrDefault("seconds", "10")),
                Integer.parseInt(options.getOrDefault("warmup", "20")),
                serverJvm(options));
        List<String> summary = new ArrayList<>();
        for (String s : storage.equals("both") ? List.of("sqlite", "postgresql") : List.of(storage)) {
            for (int nodes : nodeCounts) {
                summary.addAll(generator.run(s, nodes, rates, traffic));
            }
        }
        out("");
        summary.forEach(LoadGenerator::out);
        System.exit(0);
    }

    /** The server's JVM options; with {@code --count-statements}, PostgreSQL's statements are counted (StatementCount). */
    private static List<String> serverJvm(Map<String, String> options) {
        List<String> jvm = new ArrayList<>(
                options.containsKey("server-jvm")
                        ? List.of(options.get("server-jvm").trim().split("\\s+"))
                        : LauncherJvm.options());
        if (Boolean.parseBoolean(options.getOrDefault("count-statements", "false"))) {
            jvm.add("-D" + org.carechat.testing.TestPostgres.COUNT_STATEMENTS + "=true");
        }
        if (options.containsKey("writer-lanes")) {
            jvm.add("-Dbench.pg.lanes=" + Integer.parseInt(options.get("writer-lanes")));
        }
        return jvm;
    }

    private List<String> run(String storage, int nodeCount, int[] rates, List<String> traffic) throws Exception {
        String name = storage + (nodeCount > 1 ? ", " + nodeCount + " nodes" : "");
        out("");
        out("== " + name + ": " + clients + " WebSocket clients in " + clients / 2 + " direct conversations and "
                + clients / groupSize + " groups of " + groupSize + ", " + seconds + " s per rate after "
                + warmupSeconds + " s warm-up, fsync on; server process: " + String.join(" ", serverJvm));
        List<String> summary = new ArrayList<>();
        try (BenchServer.Running server = BenchServer.launch(storage, nodeCount, clients, groupSize, serverJvm)) {
            BenchServer.Fixture fixture = server.fixture();
            HttpClient http = HttpClient.newHttpClient();
            int capacity =
                    (seconds + warmupSeconds) * Arrays.stream(rates).max().orElse(1) + 1;
            List<BenchClient> sockets = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                BenchClient client = new BenchClient(fixture.userIds().get(i), new LatencyLog(1));
                client.connect(
                        http,
                        fixture.ports().get(nodeOf(i, nodeCount)),
                        fixture.tokens().get(i));
                sockets.add(client);
            }
            out(String.format(
                    Locale.ROOT,
                    "server process with %d sockets open, before any message: RSS %.0f MB",
                    clients,
                    BenchServer.usage(fixture.pid()).get("rss") / 1e6));
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
            warmUp(
                    rates[0],
                    sockets,
                    traffic.stream()
                            .map(kind -> kind.equals("group") ? fixture.groupOf() : fixture.directOf())
                            .toList());
            for (String kind : traffic) {
                boolean group = kind.equals("group");
                List<String> conversationOf = group ? fixture.groupOf() : fixture.directOf();
                int recipients = group ? groupSize - 1 : 1;
                out("");
                out(
                        group
                                ? "-- group messages (each to " + recipients + " others; latency until the last has it)"
                                : "-- direct (1:1) messages");
                int best = steps(rates, sockets, conversationOf, recipients, capacity, fixture.pid());
                summary.add(name + ", " + (group ? "groups of " + groupSize : "1:1")
                        + ": highest offered rate sustained with p99 < 100 ms: " + best + " msg/s");
            }
            acks.shutdownNow();
            sockets.forEach(BenchClient::close);
        }
        return summary;
    }

    /**
     * Sends the traffic to be measured (1:1, groups or both, in equal shares) at the first rate for {@code --warmup}
     * seconds, unmeasured: the server process is new, and its first seconds (class loading, JIT compilation) would
     * otherwise be the first step's figures. Only the kinds measured: a 1:1 run warmed up with group traffic at a 1:1
     * rate (2,000 msg/s) left a backlog the first step then measured.
     */
    private void warmUp(int rate, List<BenchClient> sockets, List<List<String>> traffic) {
        int total = warmupRunSeconds * rate;
        for (List<String> conversationOf : traffic) {
            int share = total / traffic.size();
            LatencyLog ignored = new LatencyLog(share);
            int stepNumber = ++step;
            sockets.forEach(s -> s.startStep(stepNumber, ignored));
            offer(rate, share, System.nanoTime(), sockets, conversationOf, ignored, () -> false);
        }
        out("warmed up: " + total + " messages at " + rate + " msg/s, not counted");
    }

    /** Raises the rate step by step; returns the highest one with p99 under 100 ms and nothing lost or failed. */
    private int steps(
            int[] rates,
            List<BenchClient> sockets,
            List<String> conversationOf,
            int recipients,
            int capacity,
            long serverPid)
            throws Exception {
        out(String.format(
                Locale.ROOT,
                "%8s %10s %9s %7s %6s %7s %9s %9s %9s %8s %11s",
                "offered",
                "achieved",
                "delivered",
                "missing",
                "failed",
                "retried",
                "p50 ms",
                "p99 ms",
                "max ms",
                "RSS MB",
                "CPU ms/msg"));
        int best = 0;
        for (int rate : rates) {
            LatencyLog stepLog = new LatencyLog(capacity, recipients);
            int stepNumber = ++step;
            sockets.forEach(s -> s.startStep(stepNumber, stepLog));
            long failedBefore =
                    sockets.stream().mapToLong(BenchClient::failedResults).sum();
            long retriedBefore =
                    sockets.stream().mapToLong(BenchClient::retried).sum();
            long cpuBefore = BenchServer.usage(serverPid).get("cpuMillis");
            long start = System.nanoTime() + 50_000_000L;
            int total = (warmupSeconds + seconds) * rate;
            int sent = offer(rate, total, start, sockets, conversationOf, stepLog, () -> false);
            double achieved = sent / ((System.nanoTime() - start) / 1e9);
            int warm = warmupSeconds * rate;
            awaitStragglers(stepLog, warm, total);
            Map<String, Long> usage = BenchServer.usage(serverPid);
            LatencyLog.Summary s = stepLog.summarise(warm, total);
            long failed = sockets.stream().mapToLong(BenchClient::failedResults).sum() - failedBefore;
            long retried = sockets.stream().mapToLong(BenchClient::retried).sum() - retriedBefore;
            out(String.format(
                    Locale.ROOT,
                    "%8d %10.0f %9d %7d %6d %7d %9.2f %9.2f %9.2f %8.0f %11.3f",
                    rate,
                    achieved,
                    s.delivered(),
                    s.missing(),
                    failed,
                    retried,
                    s.p50(),
                    s.p99(),
                    s.max(),
                    usage.get("rss") / 1e6,
                    (usage.get("cpuMillis") - cpuBefore) / (double) total));
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
        return best;
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
                if (System.getProperty("bench.pg.lanes") != null) { // else the server's default (off)
                    args.add("--carechat.postgres.writer-lanes=" + System.getProperty("bench.pg.lanes"));
                }
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
