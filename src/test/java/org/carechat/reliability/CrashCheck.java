package org.carechat.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
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
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * T-REL-01: the server process is killed with SIGKILL every few seconds (and, on PostgreSQL, the database too) while
 * devices send and receive over WebSockets at a steady rate, reconnecting and retrying with the same client ids as
 * the apps do. Afterwards the checker compares every device's record of operations with the server's history:
 * acknowledged messages lost, duplicates stored, order violations and gaps must all be zero; redeliveries (expected
 * with at-least-once delivery) and the time from a restart to its first acknowledged send are reported.
 *
 * <pre>./carechat crash-test [--storage=sqlite|postgresql|both] [--seconds=300] [--every=10]</pre>
 */
public final class CrashCheck {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int DEVICES = 8;
    static final int SENDS_PER_SECOND = 20;

    /** The figures of one run (printed as JSON). */
    public record Result(
            String storage,
            int seconds,
            int serverKills,
            int postgresKills,
            int invoked,
            int acked,
            int ackedLost,
            int duplicatesAfterDedup,
            int orderViolations,
            int gaps,
            int redeliveries,
            int failed,
            int stillPending,
            int retries,
            int retriesAnsweredAsStored,
            long restartToFirstAckMedianMillis,
            long restartToFirstAckMaxMillis) {}

    private final String storage;
    private final Duration duration;
    private final Duration every;
    private final int minimumKills;
    private final Random random = new Random();

    /** @param minimumKills the run goes on past {@code duration} until the server was killed this often */
    CrashCheck(String storage, Duration duration, Duration every, int minimumKills) {
        this.storage = storage;
        this.duration = duration;
        this.every = every;
        this.minimumKills = minimumKills;
    }

    Result run() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "crash-" + storage + "-");
        CrashablePostgres postgres = storage.equals("postgresql") ? new CrashablePostgres(dir.resolve("pg")) : null;
        List<String> properties =
                new ArrayList<>(List.of("carechat.storage=" + storage, "carechat.data-dir=" + dir.resolve("data")));
        properties.addAll(StorageInitializers.UNLIMITED);
        if (postgres != null) {
            properties.addAll(List.of(
                    "carechat.postgres.url=" + postgres.url(),
                    "carechat.postgres.username=postgres",
                    "carechat.postgres.password=",
                    "carechat.postgres.pool-size=10"));
        }
        List<Device> devices = prepare(properties);
        int port = ServerProcess.freePort();
        HttpClient http = HttpClient.newHttpClient();
        List<CheckedClient> clients = devices.stream()
                .map(d -> new CheckedClient(http, port, d.userId(), d.token(), d.conversation()))
                .toList();
        List<Long> starts = new CopyOnWriteArrayList<>();
        int[] kills = new int[2];
        try (ServerProcess server = new ServerProcess(
                port, dir.resolve("server.log"), List.of("-XX:TieredStopAtLevel=1", "-Xmx512m"), properties)) {
            starts.add(server.start());
            AtomicBoolean running = new AtomicBoolean(true);
            Thread ticker = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    clients.forEach(CheckedClient::tick);
                    ServerProcess.pause(100);
                }
            });
            Thread sender = Thread.ofPlatform().daemon().start(() -> {
                long n = 0;
                while (running.get()) {
                    CheckedClient client = clients.get((int) (n % clients.size()));
                    client.send(client.userId.substring(0, 8) + "-" + n++);
                    ServerProcess.pause(1000 / SENDS_PER_SECOND);
                }
            });
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end || kills[0] < minimumKills) {
                long jitter = every.toMillis() / 2;
                ServerProcess.pause(every.toMillis() - jitter + (long) (random.nextDouble() * 2 * jitter));
                server.kill();
                kills[0]++;
                if (postgres != null && kills[0] % 2 == 0) {
                    postgres.kill();
                    kills[1]++;
                    postgres.restart();
                }
                starts.add(server.start());
            }
            running.set(false);
            sender.join();
            awaitAnswered(clients, Duration.ofSeconds(90));
            ticker.join();
            clients.forEach(c -> c.resyncAndWait(Duration.ofSeconds(30)));
            Map<String, Map<Long, String>> histories = new HashMap<>();
            for (Device d : devices) {
                histories.computeIfAbsent(d.conversation(), c -> history(http, port, d.token(), c));
            }
            clients.forEach(CheckedClient::stop);
            return check(clients, histories, starts, kills);
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private Result check(
            List<CheckedClient> clients, Map<String, Map<Long, String>> histories, List<Long> starts, int[] kills) {
        int invoked = 0;
        int acked = 0;
        int lost = 0;
        int duplicates = 0;
        int order = 0;
        int gaps = 0;
        int redeliveries = 0;
        int failed = 0;
        int pending = 0;
        int retries = 0;
        int answeredAsStored = 0;
        for (CheckedClient client : clients) {
            retries += client.retries;
            answeredAsStored += client.answeredAsStored;
            Map<Long, String> history = histories.get(client.conversation);
            acked += client.acked.size();
            invoked += client.acked.size() + client.pending.size() + client.failed.size();
            failed += client.failed.size();
            pending += client.pending.size();
            duplicates += client.conflictingAnswers.size();
            for (var ok : client.acked.entrySet()) {
                // Acknowledged means: in the server's history at that seq, and delivered to the other member.
                boolean stored = ok.getKey().equals(history.get(ok.getValue()));
                boolean delivered = clients.stream()
                        .filter(o -> o != client && o.conversation.equals(client.conversation))
                        .allMatch(o -> ok.getKey().equals(o.received.get(ok.getValue())));
                if (!stored || !delivered) {
                    lost++;
                }
            }
            order += client.orderViolations();
            gaps += client.gaps().size();
            redeliveries += client.redeliveries;
        }
        for (Map<Long, String> history : histories.values()) {
            Map<String, Long> perId = history.values().stream()
                    .filter(id -> !id.isEmpty())
                    .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            duplicates += (int) perId.values().stream().filter(n -> n > 1).count();
        }
        List<Long> okTimes =
                clients.stream().flatMap(c -> c.okTimes.stream()).sorted().toList();
        List<Long> toFirstAck = new ArrayList<>();
        for (long start : starts) {
            okTimes.stream().filter(t -> t >= start).findFirst().ifPresent(t -> toFirstAck.add(t - start));
        }
        toFirstAck.sort(Long::compare);
        return new Result(
                storage,
                (int) duration.toSeconds(),
                kills[0],
                kills[1],
                invoked,
                acked,
                lost,
                duplicates,
                order,
                gaps,
                redeliveries,
                failed,
                pending,
                retries,
                answeredAsStored,
                toFirstAck.isEmpty() ? -1 : toFirstAck.get(toFirstAck.size() / 2),
                toFirstAck.isEmpty() ? -1 : toFirstAck.getLast());
    }

    private static void awaitAnswered(List<CheckedClient> clients, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && clients.stream().anyMatch(c -> !c.pending.isEmpty())) {
            ServerProcess.pause(200);
        }
    }

    /** The conversation's whole timeline as the server has it: seq → client message id ("" for events). */
    private static Map<Long, String> history(HttpClient http, int port, String token, String conversation) {
        Map<Long, String> history = new LinkedHashMap<>();
        long after = 0;
        while (true) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/conversations/"
                                        + conversation + "/messages?after=" + after + "&limit=200"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode page = JSON.readTree(r.body());
                if (page.isEmpty()) {
                    return history;
                }
                for (JsonNode e : page) {
                    JsonNode id = e.get("clientMsgId");
                    history.put(e.get("seq").asLong(), id == null || id.isNull() ? "" : id.asString());
                    after = e.get("seq").asLong();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    record Device(String userId, String token, String conversation) {}

    /** Staff in direct conversations, made with the server's own services before the crashing starts. */
    private static List<Device> prepare(List<String> properties) {
        return ServerProcess.withServices(properties, context -> {
            Transactions tx = context.getBean(Transactions.class);
            Organisation org =
                    tx.write(() -> context.getBean(OrgService.class).create("Crash " + UUID.randomUUID(), null, null));
            List<Device> devices = new ArrayList<>();
            for (int i = 0; i < DEVICES; i += 2) {
                User a = staff(context, org, i);
                User b = staff(context, org, i + 1);
                CurrentUser as =
                        new CurrentUser(a.id(), org.id(), a.displayName(), a.role(), false, "crash", "127.0.0.1");
                String c = context.getBean(ConversationService.class)
                        .create(
                                as,
                                new NewConversation(
                                        Conversation.Kind.DIRECT,
                                        Conversation.Audience.STAFF,
                                        null,
                                        null,
                                        true,
                                        List.of(b.id()),
                                        null))
                        .id();
                TokenService tokens = context.getBean(TokenService.class);
                devices.add(
                        new Device(a.id(), tokens.issueDeviceToken(a, "crash").secret(), c));
                devices.add(
                        new Device(b.id(), tokens.issueDeviceToken(b, "crash").secret(), c));
            }
            return devices;
        });
    }

    private static User staff(ConfigurableApplicationContext context, Organisation org, int i) {
        return context.getBean(Transactions.class)
                .write(() -> context.getBean(UserService.class)
                        .createByOperator(
                                org.id(),
                                new NewUser(
                                        "crash" + i
                                                + UUID.randomUUID().toString().substring(0, 8),
                                        "Device " + i,
                                        Role.CLINICIAN,
                                        null,
                                        false),
                                false));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        String which = options.getOrDefault("storage", "both");
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "300")));
        Duration every = Duration.ofSeconds(Long.parseLong(options.getOrDefault("every", "10")));
        List<Result> results = new ArrayList<>();
        for (String s : which.equals("both") ? List.of("sqlite", "postgresql") : List.of(which)) {
            results.add(new CrashCheck(s, duration, every, 1).run());
        }
        String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results);
        Files.writeString(Path.of("target", "crash-test.json"), json, StandardCharsets.UTF_8);
        System.out.println(json);
        System.exit(0);
    }
}
