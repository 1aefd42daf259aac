package org.carechat.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.carechat.CareChatApplication;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.NewConversation;
import org.carechat.crypto.ConversationCipher;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.message.MessageService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import org.carechat.testing.StorageInitializers;
import org.carechat.testing.TestPostgres;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What security costs on the send path (issue #3): encrypting a message body, and appending its sealed audit row
 * (chain head, HMAC, insert), against a whole send (access check, seq, encrypt, insert, markers, audit row, commit
 * with fsync) measured in the same run on the same server. Each operation runs as a send's does: called from a
 * virtual thread (the hop onto it is measured and taken off the whole send), inside a write unit (on SQLite that is the
 * writer thread). Encryption's cost is a write unit that encrypts minus an empty one. The audit row's cost is the difference between two
 * committed transactions that make the same small change, one of them also appending {@value #ROWS} audit rows to
 * the same chain, divided by {@value #ROWS}: both pay one commit, as a send does, and the commit's jitter is shared
 * out. (Rolled-back transactions would not do: PostgreSQL then checks each new row's unique key against every
 * aborted one before it.)
 *
 * <pre>./carechat bench-security [--storage=sqlite|postgresql|both]</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(0) // one JVM: the server and the measured calls share it, so the ratios compare like with like
public class SecurityCost {

    static final String BODY = "Bed 4: K+ 6.1 on the repeat sample, ECG shows peaked T waves. Calcium gluconate given, "
            + "insulin/dextrose running, repeat K+ in 2 hours please. Renal reg aware and will review on the ward round.";

    @Param({"sqlite", "postgresql"})
    public String storage;

    private ConfigurableApplicationContext server;
    private ConversationCipher cipher;
    private AuditLog audit;
    private MessageService messages;
    private Transactions writes;
    private org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private CurrentUser alice;
    private String conversation;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private long seq = 1_000_000;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-security-" + storage);
        List<String> args = new ArrayList<>(List.of(
                "--carechat.storage=" + storage, "--carechat.data-dir=" + dataDir, "--logging.level.root=WARN"));
        StorageInitializers.UNLIMITED.forEach(limit -> args.add("--" + limit));
        if (storage.equals("postgresql")) {
            TestPostgres.Database db = TestPostgres.newDatabase();
            args.addAll(List.of(
                    "--carechat.postgres.url=" + db.url(),
                    "--carechat.postgres.username=" + db.username(),
                    "--carechat.postgres.password=" + db.password()));
        }
        SpringApplication app = new SpringApplication(CareChatApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        server = app.run(args.toArray(String[]::new));
        cipher = server.getBean(ConversationCipher.class);
        audit = server.getBean(AuditLog.class);
        messages = server.getBean(MessageService.class);
        writes = server.getBean(Transactions.class);
        jdbc = server.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
        Transactions tx = server.getBean(Transactions.class);
        Organisation org =
                tx.write(() -> server.getBean(OrgService.class).create("Cost " + UUID.randomUUID(), null, null));
        UserService users = server.getBean(UserService.class);
        User a = tx.write(() -> users.createByOperator(
                org.id(),
                new NewUser("a" + UUID.randomUUID().toString().substring(0, 8), "Alice", Role.CLINICIAN, null, false),
                false));
        User b = tx.write(() -> users.createByOperator(
                org.id(),
                new NewUser("b" + UUID.randomUUID().toString().substring(0, 8), "Bob", Role.NURSE, null, false),
                false));
        alice = new CurrentUser(a.id(), org.id(), a.displayName(), a.role(), false, "bench", "127.0.0.1");
        conversation = server.getBean(ConversationService.class)
                .create(
                        alice,
                        new NewConversation(
                                Conversation.Kind.DIRECT,
                                Conversation.Audience.STAFF,
                                null,
                                null,
                                true,
                                List.of(b.id()),
                                null))
                .id();
    }

    @TearDown(Level.Trial)
    public void stop() {
        server.close();
    }

    @Benchmark
    public Object encryptInAWrite() throws Exception {
        long s = ++seq;
        return onRequestThread(() -> writes.write(() ->
                cipher.encrypt(alice.orgId(), conversation, s, UUID.randomUUID().toString(), BODY)));
    }

    @Benchmark
    public Object emptyWrite() throws Exception {
        return onRequestThread(() -> writes.write(() -> Boolean.TRUE));
    }

    static final int ROWS = 20;

    @Benchmark
    public Object commitWithAuditRows() throws Exception {
        return onRequestThread(() -> writes.write(() -> {
            touchConversation();
            for (int i = 0; i < ROWS; i++) {
                audit.record(alice.audit(AuditType.MESSAGE_SENT)
                        .target("message", "m")
                        .conversation(conversation)
                        .detail("seq", seq + i));
            }
            return null;
        }));
    }

    @Benchmark
    public Object commitWithoutAuditRow() throws Exception {
        return onRequestThread(() -> writes.write(() -> {
            touchConversation();
            return null;
        }));
    }

    private void touchConversation() {
        jdbc.sql("UPDATE conversation SET last_activity_at = last_activity_at + 1 WHERE id = ?")
                .param(conversation)
                .update();
    }

    @Benchmark
    public Object virtualThreadHop() throws Exception {
        return onRequestThread(() -> Boolean.TRUE);
    }

    @Benchmark
    public Object wholeSend() throws Exception {
        return onRequestThread(
                () -> messages.send(alice, conversation, UUID.randomUUID().toString(), BODY));
    }

    private <T> T onRequestThread(Callable<T> call) throws Exception {
        return requests.submit(call).get();
    }

    public static void main(String[] args) throws Exception {
        String storage = "both";
        for (String arg : args) {
            if (arg.startsWith("--storage=")) {
                storage = arg.substring("--storage=".length());
            }
        }
        OptionsBuilder options = new OptionsBuilder();
        options.include(SecurityCost.class.getName());
        if (!storage.equals("both")) {
            options.param("storage", storage);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        out("");
        out(String.format(
                Locale.ROOT,
                "%-11s %12s %12s %12s %12s %9s",
                "storage",
                "encrypt µs",
                "audit row µs",
                "whole send µs",
                "both µs",
                "share"));
        for (String s : List.of("sqlite", "postgresql")) {
            double hop = score(results, s, "virtualThreadHop");
            double encrypt = score(results, s, "encryptInAWrite") - score(results, s, "emptyWrite");
            double withAudit = score(results, s, "commitWithAuditRows");
            double empty = score(results, s, "commitWithoutAuditRow");
            double send = score(results, s, "wholeSend") - hop;
            if (Double.isNaN(send)) {
                continue;
            }
            double auditRow = Math.max(0, withAudit - empty) / ROWS;
            out(String.format(
                    Locale.ROOT,
                    "%-11s %12.1f %12.1f %12.1f %12.1f %8.1f%%",
                    s,
                    encrypt,
                    auditRow,
                    send,
                    encrypt + auditRow,
                    100 * (encrypt + auditRow) / send));
        }
        System.exit(0);
    }

    private static double score(Collection<RunResult> results, String storage, String benchmark) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark)
                        && storage.equals(r.getParams().getParam("storage")))
                .mapToDouble(r -> r.getPrimaryResult().getScore())
                .findFirst()
                .orElse(Double.NaN);
    }

    @SuppressWarnings("java:S106")
    private static void out(String line) {
        System.out.println(line);
    }
}
