package org.carechat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.User;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server side of {@code ./carechat bench}, in its own process so that the load generator does not share its JVM
 * (heap, collector, JIT) with the server it measures. Starts the nodes ({@link LoadGenerator#start}), seeds the
 * clients' users and tokens, their direct conversations in pairs and their group conversations of
 * {@code groupSize}, writes what the generator needs as JSON, prints {@code READY}, and runs until its standard input
 * closes (the generator ending, however it ends).
 *
 * <p>Arguments: {@code storage nodes clients groupSize fixtureFile}.
 */
public final class BenchServer {

    /** What the generator needs: the nodes' ports, and per client its user, token and two conversations. */
    record Fixture(
            long pid,
            List<Integer> ports,
            List<String> userIds,
            List<String> tokens,
            List<String> directOf,
            List<String> groupOf) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BenchServer() {}

    public static void main(String[] args) throws Exception {
        String storage = args[0];
        int nodeCount = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        int groupSize = Integer.parseInt(args[3]);
        Path fixtureFile = Path.of(args[4]);
        List<ConfigurableApplicationContext> nodes = LoadGenerator.start(storage, nodeCount);
        LoadGenerator.Fixture direct = LoadGenerator.setUp(nodes.getFirst(), clients);
        List<String> groups = groups(nodes.getFirst(), direct.users(), groupSize);
        Fixture fixture = new Fixture(
                ProcessHandle.current().pid(),
                nodes.stream().map(LoadGenerator::port).toList(),
                direct.users().stream().map(User::id).toList(),
                direct.tokens(),
                direct.conversationOf(),
                groups);
        if (Boolean.getBoolean(org.carechat.testing.TestPostgres.COUNT_STATEMENTS) && storage.equals("postgresql")) {
            StatementCount.reset(nodes.getFirst());
        }
        Files.writeString(fixtureFile, JSON.writeValueAsString(fixture));
        System.out.println("READY");
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // runs until the generator closes our standard input
        }
        if (Boolean.getBoolean(org.carechat.testing.TestPostgres.COUNT_STATEMENTS) && storage.equals("postgresql")) {
            StatementCount.print(nodes.getFirst());
        }
        nodes.forEach(ConfigurableApplicationContext::close);
        System.exit(0);
    }

    /** Group conversations of {@code size} consecutive clients; the conversation of each client. */
    private static List<String> groups(ConfigurableApplicationContext server, List<User> users, int size) {
        ConversationService conversations = server.getBean(ConversationService.class);
        List<String> groupOf = new ArrayList<>();
        for (int first = 0; first + size <= users.size(); first += size) {
            User creator = users.get(first);
            CurrentUser as = new CurrentUser(
                    creator.id(), creator.orgId(), creator.displayName(), creator.role(), false, "bench", "127.0.0.1");
            List<String> others = users.subList(first + 1, first + size).stream()
                    .map(User::id)
                    .toList();
            Conversation c = conversations.create(
                    as,
                    new NewConversation(
                            Conversation.Kind.GROUP,
                            Conversation.Audience.STAFF,
                            "Bench group " + first / size,
                            null,
                            true,
                            others,
                            null));
            for (int i = 0; i < size; i++) {
                groupOf.add(c.id());
            }
        }
        return groupOf;
    }

    /** A running server process and the fixture it wrote. */
    record Running(Process process, Fixture fixture) implements AutoCloseable {

        @Override
        public void close() throws InterruptedException {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * Starts a server process with the generator's classpath and {@code jvmOptions} (the launcher's by default), waits
     * for it to be ready and returns it with its fixture. Its output goes to {@code target/bench-server.log}.
     */
    static Running launch(String storage, int nodeCount, int clients, int groupSize, List<String> jvmOptions)
            throws Exception {
        Path fixtureFile = Files.createTempFile(Path.of("target").toAbsolutePath(), "bench-fixture-", ".json");
        Path log = Path.of("target", "bench-server.log").toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath(), BenchServer.class.getName()));
        command.addAll(List.of(
                storage,
                String.valueOf(nodeCount),
                String.valueOf(clients),
                String.valueOf(groupSize),
                fixtureFile.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.readString(log).contains("READY")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the bench server did not start; see " + log);
            }
            Thread.sleep(200);
        }
        return new Running(process, JSON.readValue(Files.readString(fixtureFile), Fixture.class));
    }

    /**
     * The test classpath this generator runs with (exec:java gives it through its class loader), or the system
     * property {@code bench.server.classpath}: jars only, as a JVM's AOT cache needs (docs/performance.md, "A warm
     * JVM").
     */
    private static String classpath() throws URISyntaxException {
        String given = System.getProperty("bench.server.classpath");
        if (given != null) {
            return given;
        }
        List<String> entries = new ArrayList<>();
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            for (URL url : loader.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
        }
        if (entries.isEmpty()) {
            entries.addAll(Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The server process's resident memory in bytes and its CPU time so far in milliseconds, from /proc. */
    static Map<String, Long> usage(long pid) throws IOException {
        Map<String, Long> usage = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                usage.put("rss", Long.parseLong(line.replaceAll("\\D", "")) * 1024);
            }
        }
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        usage.put("cpuMillis", ticks * 10); // USER_HZ is 100 on Linux
        return usage;
    }
}
