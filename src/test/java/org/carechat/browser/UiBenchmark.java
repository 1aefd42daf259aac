package org.carechat.browser;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.carechat.CareChatApplication;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.message.MessageService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.patient.NewPatient;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.receipt.ReceiptService;
import org.carechat.storage.Transactions;
import org.carechat.testing.StorageInitializers;
import org.openqa.selenium.By;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The browser benchmark of docs/performance.md: how long a heavy user waits for the staff app. Starts a server in
 * this JVM (SQLite, fsync on), seeds one user with 2,000 conversations (a third about a patient, 2 messages each,
 * some unread) and a 10,000-message thread, then in headless Chromium measures, several times each:
 * opening the app (navigation start until the list shows its first screenful, and until all 2,000 rows are in
 * it, read from the app's User Timing marks),
 * opening the long thread (click until its newest page is rendered and scrolled) and loading one older page.
 *
 * <pre>./carechat bench-ui [--conversations=2000] [--thread=10000] [--runs=5] [--detail=1]</pre>
 */
public final class UiBenchmark {

    private static final String PASSWORD = "amber lantern quietly drifting";

    public static void main(String[] args) throws Exception {
        int conversations = option(args, "conversations", 2000);
        int threadLength = option(args, "thread", 10_000);
        int runs = option(args, "runs", 5);
        int port = freePort();
        Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-ui-");
        List<String> serverArgs = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--carechat.public-url=http://localhost:" + port,
                "--carechat.data-dir=" + dataDir,
                "--logging.level.root=WARN",
                "--logging.level.org.carechat=WARN"));
        // Seeding sends 14,000 messages as two users in seconds: far above a person's rate limits.
        StorageInitializers.UNLIMITED.forEach(limit -> serverArgs.add("--" + limit));
        try (ConfigurableApplicationContext server =
                SpringApplication.run(CareChatApplication.class, serverArgs.toArray(String[]::new))) {
            long seedStart = System.nanoTime();
            Seeded seeded = seed(server, conversations, threadLength);
            out(String.format(
                    Locale.ROOT,
                    "seeded %,d conversations and a %,d-message thread in %.1f s",
                    conversations,
                    threadLength,
                    (System.nanoTime() - seedStart) / 1e9));
            try (Browser browser = Browser.start("bench")) {
                measure(browser, "http://localhost:" + port, seeded, runs, option(args, "detail", 0) == 1);
            }
        }
        System.exit(0);
    }

    private record Seeded(String username, String longThread) {}

    private static void measure(Browser browser, String base, Seeded seeded, int runs, boolean detail) {
        browser.signIn(base, seeded.username(), PASSWORD);
        double[] openApp = new double[runs];
        double[] openThread = new double[runs];
        double[] olderPage = new double[runs];
        double[] inboxRequest = new double[runs];
        double[] listComplete = new double[runs];
        double[] inboxStart = new double[runs];
        By longThread = By.cssSelector("li.conv[data-id='" + seeded.longThread() + "'] .conv-open");
        for (int i = 0; i < runs; i++) {
            browser.open(base + "/#/");
            browser.driver.navigate().refresh();
            openApp[i] = awaitEntry(browser, "carechat:list-ready", "startTime");
            inboxRequest[i] = resource(browser, "/api/v1/inbox", "duration");
            listComplete[i] = awaitEntry(browser, "carechat:list-complete", "startTime");
            inboxStart[i] = resource(browser, "/api/v1/inbox", "startTime");
            browser.until(
                    d -> d.findElement(By.cssSelector(".connection")).getText().equals("Connected"));
            long rows = (Long) browser.script("return document.querySelectorAll('li.conv').length");
            if (rows < 2) {
                throw new IllegalStateException("the list shows " + rows + " conversations");
            }
            browser.click(longThread);
            openThread[i] = awaitEntry(browser, "carechat:thread-open", "duration");
            browser.script("document.querySelector('.scroller').scrollTop = 0;");
            olderPage[i] = awaitEntry(browser, "carechat:older-page", "duration");
        }
        if (detail) {
            out("last run, requests until the list was shown (start ms, duration ms, path):");
            browser.open(base + "/#/");
            browser.driver.navigate().refresh();
            awaitEntry(browser, "carechat:list-complete", "startTime");
            out(String.valueOf(browser.script("return performance.getEntriesByType('resource')"
                    + ".map(r => Math.round(r.startTime) + ' ' + Math.round(r.duration) + ' '"
                    + " + new URL(r.name).pathname)"
                    + ".join('\\n')")));
        }
        out("");
        out(String.format(
                Locale.ROOT, "%-48s %9s %9s %9s", "Chromium, " + runs + " runs", "median ms", "min ms", "max ms"));
        row("open the app (navigation to list shown)", openApp);
        row("  of which: start of the list request", inboxStart);
        row("  of which: the list request (2,000 items)", inboxRequest);
        row("  all 2,000 rows in the list", listComplete);
        row("open the 10,000-message thread (click to shown)", openThread);
        row("load an older page of 100 (scroll to shown)", olderPage);
    }

    private static double resource(Browser browser, String path, String field) {
        Object value = browser.script(
                "const e = performance.getEntriesByType('resource')"
                        + ".filter(r => new URL(r.name).pathname === arguments[0]);"
                        + "return e.length ? e[0][arguments[1]] : -1;",
                path,
                field);
        return ((Number) value).doubleValue();
    }

    /** Waits for a User Timing entry the app records and returns one of its numbers. */
    private static double awaitEntry(Browser browser, String name, String field) {
        Object value = browser.until(d -> browser.script(
                "const e = performance.getEntriesByName(arguments[0]);"
                        + "return e.length ? e[e.length - 1][arguments[1]] : null;",
                name,
                field));
        return ((Number) value).doubleValue();
    }

    private static Seeded seed(ConfigurableApplicationContext server, int count, int threadLength) throws Exception {
        Transactions tx = server.getBean(Transactions.class);
        OrgService orgs = server.getBean(OrgService.class);
        UserService users = server.getBean(UserService.class);
        PatientService patients = server.getBean(PatientService.class);
        ConversationService conversations = server.getBean(ConversationService.class);
        MessageService messages = server.getBean(MessageService.class);
        ReceiptService receipts = server.getBean(ReceiptService.class);
        Organisation org = tx.write(() -> orgs.create("Benchmark Hospital", null, null));
        User heavy = tx.write(() -> users.createByOperator(
                org.id(), new NewUser("heavy.user", "Hana Heavy", Role.ADMIN, PASSWORD, false), false));
        User colleague = tx.write(() -> users.createByOperator(
                org.id(), new NewUser("busy.colleague", "Cole Colleague", Role.NURSE, null, false), false));
        CurrentUser me = as(heavy);
        CurrentUser them = as(colleague);
        List<Patient> people = new ArrayList<>();
        for (int i = 0; i < count / 3; i++) {
            people.add(patients.create(
                    me,
                    new NewPatient(
                            String.format(Locale.ROOT, "MRN-%06d", i),
                            "Given" + i,
                            "Family" + i,
                            "1960-01-01",
                            null,
                            null)));
        }
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        Semaphore inFlight = new Semaphore(64); // enough concurrent writers to fill SQLite's group commits
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < count - 1; i++) {
            int n = i;
            work.add(pool.submit(() -> limited(inFlight, () -> {
                Patient p = n % 3 == 0 && n / 3 < people.size() ? people.get(n / 3) : null;
                String c = conversations
                        .create(
                                me,
                                new NewConversation(
                                        Conversation.Kind.GROUP,
                                        p == null ? Conversation.Audience.STAFF : Conversation.Audience.PATIENT,
                                        "Topic " + n,
                                        p == null ? null : p.id(),
                                        true,
                                        List.of(colleague.id()),
                                        null))
                        .id();
                messages.send(me, c, "m-" + n + "-a", "Question " + n + " about the plan for today");
                long seq = messages.send(them, c, "m-" + n + "-b", "Answer " + n + ": all in order")
                        .seq();
                if (n % 4 != 0) {
                    receipts.markRead(me, c, seq);
                }
            })));
        }
        for (Future<?> f : work) {
            f.get();
        }
        String thread = conversations
                .create(
                        me,
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                "Ward 7 long thread",
                                null,
                                true,
                                List.of(colleague.id()),
                                null))
                .id();
        work.clear();
        for (int i = 0; i < threadLength; i++) {
            int n = i;
            work.add(pool.submit(() -> limited(
                    inFlight,
                    () -> messages.send(
                            n % 2 == 0 ? me : them,
                            thread,
                            "t-" + n,
                            "Observation " + n + ": obs stable, plan unchanged, review at the next round"))));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        return new Seeded(heavy.username(), thread);
    }

    private static void limited(Semaphore permits, Runnable work) {
        permits.acquireUninterruptibly();
        try {
            work.run();
        } finally {
            permits.release();
        }
    }

    private static CurrentUser as(User u) {
        return new CurrentUser(u.id(), u.orgId(), u.displayName(), u.role(), false, "bench-seed", "127.0.0.1");
    }

    private static void row(String label, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        out(String.format(
                Locale.ROOT,
                "%-48s %9.0f %9.0f %9.0f",
                label,
                sorted[sorted.length / 2],
                sorted[0],
                sorted[sorted.length - 1]));
    }

    private static int option(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 3));
            }
        }
        return fallback;
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
