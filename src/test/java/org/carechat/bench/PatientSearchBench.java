package org.carechat.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.carechat.CareChatApplication;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.NewUser;
import org.carechat.identity.Role;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.patient.PatientService;
import org.carechat.storage.Transactions;
import org.carechat.testing.StorageInitializers;
import org.carechat.testing.TestPostgres;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Patient search over encrypted records (issue #13): imports {@code --patients} records (100,000 by default; names
 * drawn with a skew like real surnames', unique patient ids, mobiles and e-mail addresses) into one organisation
 * through the CSV import, then times {@code PatientService.search} — index lookup, decryption and check of the
 * candidates, sort, and the audit row it writes — for each kind of query, on SQLite and PostgreSQL. It also prints
 * what the blind index holds: rows per record, and how many records share the most common entry (what frequency
 * analysis starts from).
 *
 * <pre>./carechat bench-patients [--patients=100000] [--storage=sqlite|postgresql|both] [--runs=50]</pre>
 */
public final class PatientSearchBench {

    static final String[] GIVEN =
            ("Oliver Amelia George Isla Harry Ava Noah Mia Jack Ivy Leo Lily Arthur Isabella Muhammad Rosie  "
                            + "Oscar Sophia Charlie Grace Jacob Willow Thomas Freya Henry Florence William Emily Joshua Ella  "
                            + "James Poppy Alfie Evie Archie Elsie Freddie Charlotte Theo Evelyn Li Wei Zoë Siobhán Anne-Marie  "
                            + "Priya Aarav Fatima Kwame Ngozi")
                    .split(" +");
    static final String[] FAMILY =
            ("Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson Evans  "
                            + "Walker White Roberts Green Hall Thomas Clarke Jackson Wood Harris Edwards Turner Martin Cooper  "
                            + "Hill Ward Hughes Moore Clark King Harrison Lewis Baker Lee Allen Morris Khan Scott Watson Davis  "
                            + "Parker James Bennett Young Phillips Richardson Mitchell Bailey Carter Cook Singh Shaw Bell  "
                            + "Collins Morgan Kelly Begum Miller Cox Hussain Marshall Simpson Price Anderson Adams Wilkinson  "
                            + "Ali Ahmed Foster Ellis Murphy Chapman Mason Gray Richards Webb Griffiths Hunt Palmer Campbell  "
                            + "Holmes Mills Rogers Barnes Knight Matthews Barker Powell Stevens Kaur Fisher Butler Dixon  "
                            + "Russell Harvey Pearson Graham O'Brien Nguyen Wu Okafor Zielinski Quartermaine")
                    .split(" +");

    record Stats(double median, double p95, int results) {}

    private PatientSearchBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int patients = Integer.parseInt(options.getOrDefault("patients", "100000"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "50"));
        String storage = options.getOrDefault("storage", "both");
        List<String> storages = storage.equals("both") ? List.of("sqlite", "postgresql") : List.of(storage);
        say(
                "Patient search over %,d encrypted records, %d runs per query; %d cores, Java %s%n",
                patients, runs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        schemes(records(patients));
        for (String s : storages) {
            run(s, patients, runs);
        }
        System.exit(0);
    }

    private static void run(String storage, int patients, int runs) throws Exception {
        ConfigurableApplicationContext server = start(storage);
        try {
            Organisation org = server.getBean(Transactions.class)
                    .write(() -> server.getBean(OrgService.class).create("Bench " + UUID.randomUUID(), null, null));
            User admin = server.getBean(Transactions.class)
                    .write(() -> server.getBean(UserService.class)
                            .createByOperator(
                                    org.id(),
                                    new NewUser(
                                            "bench"
                                                    + UUID.randomUUID()
                                                            .toString()
                                                            .substring(0, 8),
                                            "Bench Admin",
                                            Role.ADMIN,
                                            null,
                                            false),
                                    false));
            CurrentUser actor =
                    new CurrentUser(admin.id(), org.id(), admin.displayName(), Role.ADMIN, false, "bench", "127.0.0.1");
            PatientService service = server.getBean(PatientService.class);
            List<String[]> records = records(patients);
            long importStart = System.nanoTime();
            for (int from = 0; from < patients; from += PatientService.MAX_IMPORT_ROWS) {
                service.importCsv(
                        org.id(),
                        admin.id(),
                        "127.0.0.1",
                        csv(records.subList(from, Math.min(patients, from + PatientService.MAX_IMPORT_ROWS))));
            }
            double importSeconds = (System.nanoTime() - importStart) / 1e9;
            say(
                    "%n%s: imported %,d records in %.1f s (%,.0f records/s)%n",
                    storage, patients, importSeconds, patients / importSeconds);
            index(server.getBean(JdbcClient.class), patients);
            if (storage.equals("sqlite")) {
                say(
                        "database file: %,d MB%n",
                        Files.size(Path.of(server.getEnvironment().getProperty("carechat.data-dir"))
                                        .resolve("carechat.db"))
                                / 1_000_000);
            }
            say("| query | example | results | median ms | p95 ms |%n|---|---|---:|---:|---:|%n");
            for (Map.Entry<String, String> query : queries(records).entrySet()) {
                Stats stats = time(service, actor, query.getValue(), runs);
                say(
                        "| %s | `%s` | %d | %.2f | %.2f |%n",
                        query.getKey(), query.getValue(), stats.results(), stats.median(), stats.p95());
            }
            Stats audit = timeAuditRow(server, actor, runs);
            say("| the audit row alone (every search commits one) | | | %.2f | %.2f |%n", audit.median(), audit.p95());
        } finally {
            server.close();
        }
    }

    /** Names with a skew (earlier names in the lists are commoner), unique ids and contacts. */
    static List<String[]> records(int n) {
        SplittableRandom random = new SplittableRandom(20261205);
        List<String[]> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(new String[] {
                String.format(Locale.ROOT, "MRN-%07d", i),
                GIVEN[skewed(random, GIVEN.length)],
                random.nextInt(4) == 0 ? rareName(random) : FAMILY[skewed(random, FAMILY.length)],
                String.format(
                        Locale.ROOT,
                        "%d-%02d-%02d",
                        1930 + random.nextInt(90),
                        1 + random.nextInt(12),
                        1 + random.nextInt(28)),
                String.format(Locale.ROOT, "+447412%06d", i),
                "patient" + i + "@example.org"
            });
        }
        return records;
    }

    /** A quarter of family names come from a long tail, as real ones do: made of two or three syllables. */
    private static String rareName(SplittableRandom random) {
        String[] syllables = {
            "ab", "ber", "cal", "dor", "el", "fen", "gar", "hol", "is", "jor", "kin", "lam", "mor", "nor", "ol", "pen",
            "quin", "ros", "sel", "tor", "ul", "ven", "wick", "yar", "zel"
        };
        StringBuilder name = new StringBuilder();
        for (int i = 0, n = 2 + random.nextInt(2); i < n; i++) {
            name.append(syllables[random.nextInt(syllables.length)]);
        }
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static int skewed(SplittableRandom random, int size) {
        double u = random.nextDouble();
        return Math.min(size - 1, (int) (size * u * u));
    }

    static Map<String, String> queries(List<String[]> records) {
        String[] someone = records.get(records.size() / 2);
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("3 letters of the commonest family name", "smi");
        queries.put("a whole common family name", "Smith");
        queries.put("3 letters of a rare family name", "qua");
        queries.put("a rare family name from the long tail", someoneRare(records));
        queries.put("given name and start of family name", someone[1] + " " + someone[2].substring(0, 3));
        queries.put("whole patient id", someone[0]);
        queries.put("start of patient ids (10 match)", someone[0].substring(0, someone[0].length() - 1));
        queries.put("mobile number", someone[4]);
        queries.put("e-mail address", someone[5]);
        queries.put("no match", "xqzwv");
        return queries;
    }

    private static String someoneRare(List<String[]> records) {
        return records.stream()
                .map(r -> r[2])
                .filter(name -> List.of(FAMILY).stream().noneMatch(name::equals))
                .skip(records.size() / 8)
                .findFirst()
                .orElse("Zelmorquin");
    }

    private static Stats time(PatientService service, CurrentUser actor, String q, int runs) {
        for (int i = 0; i < 5; i++) {
            service.search(actor, q); // warm-up
        }
        double[] millis = new double[runs];
        int results = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            results = service.search(actor, q).size();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new Stats(millis[runs / 2], millis[(int) Math.ceil(runs * 0.95) - 1], results);
    }

    /** The floor under every search: committing its audit row, as the search does, with nothing looked up. */
    private static Stats timeAuditRow(ConfigurableApplicationContext server, CurrentUser actor, int runs) {
        AuditLog audit = server.getBean(AuditLog.class);
        double[] millis = new double[runs];
        for (int i = -5; i < runs; i++) {
            long start = System.nanoTime();
            audit.record(actor.audit(AuditType.PATIENTS_SEARCHED).detail("results", 0));
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        return new Stats(millis[runs / 2], millis[(int) Math.ceil(runs * 0.95) - 1], 0);
    }

    /** What the blind index holds: rows per record, distinct entries, the largest group of records sharing one. */
    private static void index(JdbcClient jdbc, int patients) {
        long rows =
                jdbc.sql("SELECT COUNT(*) FROM patient_index").query(Long.class).single();
        long distinct = jdbc.sql("SELECT COUNT(DISTINCT digest) FROM patient_index")
                .query(Long.class)
                .single();
        long largest = jdbc.sql("SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM patient_index GROUP BY digest) g")
                .query(Long.class)
                .single();
        say(
                "index: %,d rows (%.1f per record), %,d distinct entries; the most common entry is shared by %,d records"
                        + " (%.1f %%)%n",
                rows, (double) rows / patients, distinct, largest, 100.0 * largest / patients);
    }

    /**
     * The names of the same records under three ways of indexing them, for docs/decisions.md: whole words only,
     * prefixes of 3 to 8 characters (what CareChat does), and trigrams. Entries per record, distinct entries, and the
     * share of records that have the most common entry and that have an entry of their own.
     */
    static void schemes(List<String[]> records) {
        say("%nname terms under each indexing scheme (before keying: an HMAC keeps equality, so this is what leaks)%n");
        say(
                "| scheme | entries per record | distinct entries | most common entry | records with an entry of their own |%n");
        say("|---|---:|---:|---:|---:|%n");
        for (String scheme : List.of("whole words", "prefixes 3-8", "trigrams")) {
            Map<String, Integer> counts = new HashMap<>();
            List<List<String>> perRecord = new ArrayList<>();
            for (String[] r : records) {
                List<String> terms = terms(scheme, r[1] + " " + r[2]);
                perRecord.add(terms);
                terms.forEach(t -> counts.merge(t, 1, Integer::sum));
            }
            long own = perRecord.stream()
                    .filter(ts -> ts.stream().anyMatch(t -> counts.get(t) == 1))
                    .count();
            int largest = counts.values().stream().max(Integer::compare).orElse(0);
            say(
                    "| %s | %.1f | %,d | %.1f %% | %.2f %% |%n",
                    scheme,
                    perRecord.stream().mapToInt(List::size).average().orElse(0),
                    counts.size(),
                    100.0 * largest / records.size(),
                    100.0 * own / records.size());
        }
    }

    private static List<String> terms(String scheme, String name) {
        List<String> terms = new ArrayList<>();
        for (String word : java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .replace("'", "")
                .toLowerCase(Locale.ROOT)
                .split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty()) {
                continue;
            }
            switch (scheme) {
                case "whole words" -> terms.add(word);
                case "trigrams" -> {
                    for (int i = 0; i + 3 <= word.length(); i++) {
                        terms.add(word.substring(i, i + 3));
                    }
                    if (word.length() < 3) {
                        terms.add(word);
                    }
                }
                default -> {
                    for (int k = 3; k <= Math.min(word.length(), 8); k++) {
                        terms.add(word.substring(0, k));
                    }
                    if (word.length() < 3) {
                        terms.add(word);
                    }
                }
            }
        }
        return terms.stream().distinct().toList();
    }

    private static String csv(List<String[]> records) {
        StringBuilder csv = new StringBuilder("mrn,given_name,family_name,birth_date,mobile,email\n");
        for (String[] r : records) {
            csv.append(String.join(",", r)).append('\n');
        }
        return csv.toString();
    }

    private static ConfigurableApplicationContext start(String storage) throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-patients-" + storage);
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
        return app.run(args.toArray(String[]::new));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        return options;
    }

    private static void say(String format, Object... values) {
        System.out.printf(Locale.ROOT, format, values);
    }
}
