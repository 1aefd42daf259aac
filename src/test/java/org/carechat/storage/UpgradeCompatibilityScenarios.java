package org.carechat.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The one-release upgrade rule (docs/upgrade.md): a cluster upgrades node by node, so the previous release's code
 * must keep working on the new schema while the first new node has migrated it. Checked on a real database: the
 * schema migrated to the previous release's version, then to the newest, must keep every table and column the
 * previous release knew, with the same type, and every column added to those tables must take a value of its own
 * (nullable or with a default), so the old code's inserts still succeed — except the breaks listed as accepted, each
 * with its reason, for a release that must be installed with every node stopped. The previous release's migration
 * files must also be unchanged, byte for byte ({@code upgrade/previous-release.txt}).
 */
abstract class UpgradeCompatibilityScenarios {

    /** A fresh, empty database of the kind under test. */
    abstract DataSource freshDatabase();

    abstract Dialect dialect();

    /** A column as the previous release's code sees it: its type, nullability and whether it has a default. */
    record Column(String type, boolean nullable, boolean hasDefault) {}

    @Test
    void thePreviousReleasesMigrationsAreUnchanged() throws Exception {
        for (Map.Entry<String, String> file : PreviousRelease.migrations().entrySet()) {
            try (InputStream in = getClass().getResourceAsStream("/" + file.getKey())) {
                assertThat(in)
                        .as(file.getKey() + " of the previous release is gone")
                        .isNotNull();
                String digest = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
                assertThat(digest)
                        .as(file.getKey() + " was released and must not change: write a new migration instead")
                        .isEqualTo(file.getValue());
            }
        }
    }

    @Test
    void thePreviousReleasesCodeStillFindsItsTablesAndColumnsAfterTheUpgrade() throws SQLException {
        DataSource database = freshDatabase();
        flyway(database, PreviousRelease.baselineVersion()).migrate();
        Map<String, Column> before = columns(database);
        assertThat(before).as("the previous release's schema").isNotEmpty();

        flyway(database, "latest").migrate();
        Map<String, Column> after = columns(database);

        List<String> broken = incompatibilities(before, after);
        Map<String, String> accepted = PreviousRelease.acceptedBreaks();
        assertThat(broken.stream()
                        .filter(b -> !accepted.containsKey(b.substring(0, b.indexOf(' '))))
                        .toList())
                .as("breaks the one-release rule of docs/upgrade.md")
                .isEmpty();
        assertThat(accepted.keySet().stream()
                        .filter(column -> broken.stream().noneMatch(b -> b.startsWith(column + " ")))
                        .toList())
                .as("accepted breaks in upgrade/previous-release.txt that no longer happen: remove them")
                .isEmpty();
    }

    @Test
    void everyAcceptedBreakSaysWhy() {
        assertThat(PreviousRelease.acceptedBreaks())
                .as("an accepted break names the docs that tell operators to stop every node")
                .allSatisfy((column, reason) -> assertThat(reason).contains("docs/upgrade.md"));
    }

    @Test
    void theCheckCatchesADroppedColumnARetypedOneAndARequiredNewOne() {
        Map<String, Column> before = Map.of(
                "message.body", new Column("text", true, false),
                "message.seq", new Column("bigint", false, false),
                "message.meta", new Column("text", true, false));
        Map<String, Column> after = Map.of(
                "message.seq", new Column("integer", false, false),
                "message.meta", new Column("text", true, false),
                "message.priority", new Column("integer", false, false),
                "message.flag", new Column("integer", false, true),
                "brand_new.anything", new Column("text", false, false));
        assertThat(incompatibilities(before, after))
                .containsExactlyInAnyOrder(
                        "message.body was removed or renamed (the previous release still reads or writes it)",
                        "message.seq changed type from bigint to integer",
                        "message.priority was added NOT NULL without a default: the previous release's inserts "
                                + "into message would fail");
    }

    static List<String> incompatibilities(Map<String, Column> before, Map<String, Column> after) {
        List<String> broken = new ArrayList<>();
        before.forEach((name, column) -> {
            Column now = after.get(name);
            if (now == null) {
                broken.add(name + " was removed or renamed (the previous release still reads or writes it)");
            } else if (!now.type().equals(column.type())) {
                broken.add(name + " changed type from " + column.type() + " to " + now.type());
            } else if (column.nullable() && !now.nullable() && !now.hasDefault()) {
                broken.add(name + " became NOT NULL without a default (the previous release may leave it out)");
            }
        });
        after.forEach((name, column) -> {
            String table = name.substring(0, name.indexOf('.'));
            boolean oldTable = before.keySet().stream().anyMatch(k -> k.startsWith(table + "."));
            if (oldTable && !before.containsKey(name) && !column.nullable() && !column.hasDefault()) {
                broken.add(name + " was added NOT NULL without a default: the previous release's inserts into " + table
                        + " would fail");
            }
        });
        return broken;
    }

    private Flyway flyway(DataSource database, String target) {
        return Flyway.configure()
                .dataSource(database)
                .locations(
                        "classpath:db/migration/common",
                        "classpath:db/migration/" + dialect().migrationFolder())
                .placeholders(Map.of("blob", dialect().blobType()))
                .target(target)
                .load();
    }

    private static Map<String, Column> columns(DataSource database) throws SQLException {
        Map<String, Column> columns = new TreeMap<>();
        try (Connection c = database.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getColumns(null, c.getSchema(), "%", "%")) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (table.startsWith("flyway_") || table.startsWith("sqlite_")) {
                        continue;
                    }
                    columns.put(
                            table + "." + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                            new Column(
                                    rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT),
                                    !"NO".equals(rs.getString("IS_NULLABLE")),
                                    rs.getString("COLUMN_DEF") != null));
                }
            }
        }
        return columns;
    }

    /** {@code upgrade/previous-release.txt}: the previous release's schema version and migration files. */
    static final class PreviousRelease {

        private PreviousRelease() {}

        static String baselineVersion() {
            return lines().stream()
                    .filter(l -> l.startsWith("baseline-version "))
                    .map(l -> l.substring("baseline-version ".length()).strip())
                    .findFirst()
                    .orElseThrow();
        }

        static Map<String, String> migrations() {
            Map<String, String> files = new TreeMap<>();
            lines().stream()
                    .filter(l -> l.startsWith("db/"))
                    .forEach(l -> files.put(
                            l.substring(0, l.indexOf(' ')),
                            l.substring(l.indexOf(' ') + 1).strip()));
            return files;
        }

        /**
         * The columns whose break of the rule is deliberate, each with its reason: upgrading from the previous release
         * then needs every node stopped (docs/upgrade.md, "Releases that need every node stopped"). Lines
         * {@code accepted-break <table.column> <reason>}; they go when the file is regenerated at the next release.
         */
        static Map<String, String> acceptedBreaks() {
            Map<String, String> accepted = new TreeMap<>();
            lines().stream()
                    .filter(l -> l.startsWith("accepted-break "))
                    .map(l -> l.substring("accepted-break ".length()).strip())
                    .forEach(l -> accepted.put(
                            l.substring(0, l.indexOf(' ')),
                            l.substring(l.indexOf(' ') + 1).strip()));
            return accepted;
        }

        private static List<String> lines() {
            try (InputStream in = PreviousRelease.class.getResourceAsStream("/upgrade/previous-release.txt")) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> !l.isBlank() && !l.startsWith("#"))
                        .toList();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
