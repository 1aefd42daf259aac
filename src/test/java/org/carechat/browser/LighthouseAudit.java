package org.carechat.browser;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.carechat.storage.Transactions;
import org.carechat.testing.Mailbox;
import org.carechat.testing.TestCertificates;
import org.openqa.selenium.By;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Lighthouse audit of docs/performance.md (issue #19): both apps, signed in, as their users see them. Starts a
 * server in this JVM (SQLite, a real SMTP server for the patient's sign-in code), seeds a practice with a clinician, a
 * patient and a conversation between them, signs each in through their app in a headless Chromium opened with a
 * DevTools port, and runs Lighthouse (from npm, installed by {@code ./carechat lighthouse} under target/lighthouse)
 * against that browser, keeping its session ({@code --disable-storage-reset}), on a phone (Lighthouse's mobile
 * emulation and throttling) and a desktop. Prints each category's score and whether Chromium finds the app
 * installable ({@code Page.getInstallabilityErrors}); the JSON reports stay in target/lighthouse/.
 *
 * <p>Options: {@code --runs=N} audits each app and device N times and prints the median of each score and of the
 * metrics that make the performance score (runs vary on a shared machine); {@code --static=DIR} serves the apps' files
 * from DIR instead of the built ones, to measure another version in the same sitting (e.g. a checkout of the previous
 * commit's {@code src/main/resources/static}); {@code --device=mobile} or {@code --device=desktop} audits as that
 * device only (half the time, for before-and-after comparisons of one of them); {@code --https} serves the apps as
 * deployed with the server's own TLS (HTTPS and HTTP/2, a certificate for localhost made for the run and trusted by
 * this Chromium alone); {@code --trace} keeps each audit's DevTools trace beside its report ({@code *-0.trace.json}: where the main
 * thread's time goes); {@code --trace=detail} adds CSS selector statistics, style invalidations and JavaScript
 * samples to it, which make the page several times slower: for reading what a task is made of, not for timing it.
 *
 * <pre>./carechat lighthouse [--runs=3] [--static=DIR] [--device=mobile|desktop] [--https] [--trace[=detail]]</pre>
 */
public final class LighthouseAudit {

    private static final String PASSWORD = "amber lantern quietly drifting";
    private static final String PATIENT_EMAIL = "rita.lighthouse@example.org";
    private static final String PATIENT_BIRTH_DATE = "1956-04-12";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LighthouseAudit() {}

    private static final List<String> METRICS =
            List.of("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index");

    /** What {@code --trace=detail} adds to Lighthouse's trace: selector statistics, style invalidations, JS samples. */
    private static final String TRACE_DETAIL =
            "disabled-by-default-blink.debug,disabled-by-default-devtools.timeline.invalidationTracking,"
                    + "disabled-by-default-v8.cpu_profiler";

    /** What the command line asked: see the class comment. */
    private record Options(int runs, String staticDir, List<String> devices, boolean https, String trace) {

        static Options parse(String[] args) {
            Options options = new Options(1, null, List.of("mobile", "desktop"), false, null);
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                if (arg.startsWith("--runs=")) {
                    options = new Options(
                            Integer.parseInt(arg.substring("--runs=".length())),
                            options.staticDir,
                            options.devices,
                            options.https,
                            options.trace);
                } else if (arg.startsWith("--static=")) {
                    String dir = Path.of(arg.substring("--static=".length()))
                            .toAbsolutePath()
                            .toString();
                    options = new Options(options.runs, dir, options.devices, options.https, options.trace);
                } else if (arg.equals("--device=mobile") || arg.equals("--device=desktop")) {
                    options = new Options(
                            options.runs,
                            options.staticDir,
                            List.of(arg.substring("--device=".length())),
                            options.https,
                            options.trace);
                } else if (arg.equals("--https")) {
                    options = new Options(options.runs, options.staticDir, options.devices, true, options.trace);
                } else if (arg.equals("--trace") || arg.equals("--trace=detail")) {
                    options = new Options(options.runs, options.staticDir, options.devices, options.https, arg);
                } else {
                    throw new IllegalArgumentException(
                            "unknown option " + arg
                                    + "; use --runs=N, --static=DIR, --device=mobile|desktop, --https, --trace or --trace=detail");
                }
            }
            return options;
        }
    }

    public static void main(String[] args) throws Exception {
        Path tools = Path.of(args.length > 0 ? args[0] : "target/lighthouse").toAbsolutePath();
        Options options = Options.parse(args);
        removeEarlierReports(tools);
        int port = freePort();
        String base = (options.https ? "https" : "http") + "://localhost:" + port;
        Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "lighthouse-");
        List<String> serverArgs = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--carechat.public-url=" + base,
                "--carechat.data-dir=" + dataDir,
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + Mailbox.shared().getSmtp().getPort(),
                "--logging.level.root=WARN",
                "--logging.level.org.carechat=WARN"));
        if (options.staticDir != null) {
            serverArgs.add("--spring.web.resources.static-locations=file:" + options.staticDir + "/");
        }
        List<String> chromium = new ArrayList<>();
        if (options.https) {
            chromium.add(servedOverTls(dataDir, port, serverArgs));
        }
        List<String> summary = new ArrayList<>();
        try (ConfigurableApplicationContext server =
                SpringApplication.run(CareChatApplication.class, serverArgs.toArray(String[]::new))) {
            seed(server);
            summary.addAll(audit(
                    tools,
                    "staff app",
                    base + "/#/",
                    options,
                    chromium,
                    browser -> browser.signIn(base, "dr.lee", PASSWORD)));
            summary.addAll(
                    audit(tools, "patient app", base + "/patient/", options, chromium, b -> signInPatient(b, base)));
        }
        out("");
        summary.forEach(LighthouseAudit::out);
        System.exit(0);
    }

    /**
     * As deployed with the server's own TLS (docs/operations.md): a certificate for localhost made for this run, HTTPS
     * (and so HTTP/2) on {@code port}, no plain-HTTP redirect port. Returns Chromium's flag that trusts exactly that
     * certificate's key (its SPKI hash), as a browser trusts a real certificate.
     */
    static String servedOverTls(Path dataDir, int port, List<String> serverArgs) throws Exception {
        TestCertificates.Pem pem = TestCertificates.selfSigned("localhost", Instant.now());
        Path certificate = dataDir.resolve("lighthouse-tls.pem");
        Path key = dataDir.resolve("lighthouse-tls.key");
        pem.writeTo(certificate, key);
        serverArgs.addAll(List.of(
                "--carechat.tls.certificate=" + certificate,
                "--carechat.tls.private-key=" + key,
                "--carechat.tls.port=" + port,
                "--carechat.tls.redirect-port=0"));
        byte[] spki = MessageDigest.getInstance("SHA-256")
                .digest(pem.certificate().getPublicKey().getEncoded());
        return "--ignore-certificate-errors-spki-list=" + Base64.getEncoder().encodeToString(spki);
    }

    private static void seed(ConfigurableApplicationContext server) {
        Transactions tx = server.getBean(Transactions.class);
        UserService users = server.getBean(UserService.class);
        Organisation org = tx.write(() -> server.getBean(OrgService.class).create("Riverside Practice", null, null));
        User clinician = tx.write(() ->
                users.createByOperator(org.id(), new NewUser("dr.lee", "Dr Lee", Role.ADMIN, PASSWORD, false), false));
        User nurse = tx.write(() -> users.createByOperator(
                org.id(), new NewUser("nurse.okafor", "Nurse Okafor", Role.NURSE, null, false), false));
        CurrentUser lee = new CurrentUser(
                clinician.id(), org.id(), clinician.displayName(), clinician.role(), false, "audit", "127.0.0.1");
        Patient rita = server.getBean(PatientService.class)
                .create(lee, new NewPatient("MRN-1", "Rita", "Lighthouse", PATIENT_BIRTH_DATE, null, PATIENT_EMAIL));
        ConversationService conversations = server.getBean(ConversationService.class);
        MessageService messages = server.getBean(MessageService.class);
        String withRita = conversations
                .create(
                        lee,
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.PATIENT,
                                "Blood test results",
                                rita.id(),
                                true,
                                List.of(nurse.id()),
                                null))
                .id();
        messages.send(lee, withRita, "a-1", "Your results are back and look normal.");
        String team = staffGroup(server, lee, "Ward round", nurse.id());
        messages.send(lee, team, "a-2", "Ward round at 9 tomorrow.");
    }

    /** A 2-way staff group owned by {@code owner} with one other member; returns its id. */
    static String staffGroup(ConfigurableApplicationContext server, CurrentUser owner, String topic, String memberId) {
        return server.getBean(ConversationService.class)
                .create(
                        owner,
                        new NewConversation(
                                Conversation.Kind.GROUP,
                                Conversation.Audience.STAFF,
                                topic,
                                null,
                                true,
                                List.of(memberId),
                                null))
                .id();
    }

    private static void signInPatient(Browser browser, String base) {
        browser.open(base + "/patient/");
        browser.type(By.id("contact"), PATIENT_EMAIL);
        BrowserTest.typeBirthDate(browser, PATIENT_BIRTH_DATE);
        browser.click(By.cssSelector("form button[type=submit]"));
        browser.find(By.id("code"));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Mailbox.to(PATIENT_EMAIL).isEmpty() && System.nanoTime() < deadline) {
            sleep(100);
        }
        Matcher code = Pattern.compile("(\\d{6})")
                .matcher(Mailbox.text(Mailbox.to(PATIENT_EMAIL).getLast()));
        if (!code.find()) {
            throw new IllegalStateException("no sign-in code arrived for the patient");
        }
        browser.type(By.id("code"), code.group(1));
        browser.click(By.cssSelector("form button[type=submit]"));
        browser.find(By.cssSelector(".connection"));
    }

    private static List<String> audit(
            Path tools,
            String app,
            String url,
            Options options,
            List<String> chromiumArgs,
            java.util.function.Consumer<Browser> signIn)
            throws Exception {
        int devtools = freePort();
        List<String> lines = new ArrayList<>();
        List<String> chromium = new ArrayList<>(chromiumArgs);
        chromium.add("--remote-debugging-port=" + devtools);
        int runs = options.runs;
        try (Browser browser = Browser.start("lighthouse", chromium.toArray(String[]::new))) {
            signIn.accept(browser);
            browser.open(url);
            sleep(2000); // the service worker, if any, installed and the manifest fetched
            lines.add(app + ": " + installability(browser));
            for (String device : options.devices) {
                List<Map<String, Integer>> each = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    each.add(lighthouse(tools, url, devtools, device, app, runs == 1 ? "" : "-" + run, options.trace));
                }
                Map<String, Integer> medians = new LinkedHashMap<>();
                each.getFirst().keySet().forEach(key -> medians.put(key, median(each, key)));
                lines.add(String.format(
                        Locale.ROOT,
                        "%s, %s%s: %s",
                        app,
                        device,
                        runs == 1 ? "" : " (median of " + runs + ")",
                        medians));
            }
        }
        return lines;
    }

    private static int median(List<Map<String, Integer>> runs, String key) {
        List<Integer> values = runs.stream().map(r -> r.get(key)).sorted().toList();
        return values.get(values.size() / 2);
    }

    @SuppressWarnings("unchecked")
    private static String installability(Browser browser) {
        Map<String, Object> answer = browser.driver.executeCdpCommand("Page.getInstallabilityErrors", Map.of());
        List<Map<String, Object>> errors = (List<Map<String, Object>>) answer.get("installabilityErrors");
        return errors == null || errors.isEmpty()
                ? "installable (Chromium finds no installability error)"
                : "NOT installable: "
                        + errors.stream()
                                .map(e -> String.valueOf(e.get("errorId")))
                                .toList();
    }

    /**
     * Removes the reports and traces of an earlier run: a run writes one report per app, device and run number, so a
     * run with fewer runs than the one before would leave that run's higher-numbered reports beside its own.
     */
    private static void removeEarlierReports(Path tools) throws IOException {
        if (!Files.isDirectory(tools)) {
            return;
        }
        try (var files = Files.newDirectoryStream(tools, "{staff,patient}-app-*.json")) {
            for (Path file : files) {
                Files.delete(file);
            }
        }
    }

    /** One audit: each category's score, then the performance metrics (ms, "tbt-ms"…) that make its score. */
    private static Map<String, Integer> lighthouse(
            Path tools, String url, int devtools, String device, String app, String run, String trace)
            throws IOException, InterruptedException {
        Path report = tools.resolve(app.replace(' ', '-') + "-" + device + run + ".json");
        List<String> command = new ArrayList<>(List.of(
                tools.resolve("node_modules/.bin/node").toString(),
                tools.resolve("node_modules/lighthouse/cli/index.js").toString(),
                url,
                "--port=" + devtools,
                "--disable-storage-reset",
                "--only-categories=performance,accessibility,best-practices",
                "--output=json",
                "--output-path=" + report,
                "--quiet"));
        if (device.equals("desktop")) {
            command.add("--preset=desktop");
        }
        if (trace != null) {
            command.add("--save-assets");
        }
        if ("--trace=detail".equals(trace)) {
            command.add("--additional-trace-categories=" + TRACE_DETAIL);
        }
        // once more after a failure: on a loaded machine Lighthouse now and then misses the trace's start (NO_NAVSTART)
        if (!ranLighthouse(tools, command) && !ranLighthouse(tools, command)) {
            throw new IllegalStateException("Lighthouse failed twice; see " + tools.resolve("lighthouse.log"));
        }
        JsonNode categories = JSON.readTree(report.toFile()).path("categories");
        Map<String, Integer> scores = new LinkedHashMap<>();
        categories
                .propertyNames()
                .forEach(name -> scores.put(name, (int)
                        Math.round(categories.path(name).path("score").asDouble() * 100)));
        JsonNode audits = JSON.readTree(report.toFile()).path("audits");
        for (String metric : METRICS) {
            scores.put(metric.replaceAll("(\\w)\\w*-?", "$1").replace("-", "") + "-ms", (int)
                    Math.round(audits.path(metric).path("numericValue").asDouble()));
        }
        // layout shift is a score, not a time: in thousandths (0.118 is 118; Lighthouse's "good" ends at 100)
        scores.put("cls-x1000", (int) Math.round(
                audits.path("cumulative-layout-shift").path("numericValue").asDouble() * 1000));
        failures(JSON.readTree(report.toFile())).forEach(f -> out("  " + app + ", " + device + run + ": " + f));
        return scores;
    }

    private static boolean ranLighthouse(Path tools, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(tools.resolve("lighthouse.log").toFile())
                .start();
        return process.waitFor() == 0;
    }

    /** The audits that lost points (score below 1), with their titles, so that a score below 100 says why. */
    private static List<String> failures(JsonNode report) {
        List<String> failed = new ArrayList<>();
        report.path("categories")
                .forEach(category -> category.path("auditRefs").forEach(ref -> {
                    JsonNode audit = report.path("audits").path(ref.path("id").asString());
                    if (ref.path("weight").asDouble() > 0
                            && !audit.path("score").isNull()
                            && audit.path("score").asDouble() < 1) {
                        failed.add(category.path("title").asString() + " - "
                                + audit.path("title").asString() + " ("
                                + audit.path("displayValue")
                                        .asString("score " + audit.path("score").asDouble()) + ")");
                    }
                }));
        return failed;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @SuppressWarnings("java:S106")
    private static void out(String line) {
        System.out.println(line);
    }
}
