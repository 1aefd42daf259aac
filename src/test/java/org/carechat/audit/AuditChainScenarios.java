package org.carechat.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.storage.Dialect;
import org.carechat.testing.ExecutedStatements;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * T-AUD-02: the audit trail is sealed into chains that reveal any change made directly in the database. An
 * attacker here has the database (they drop the append-only triggers first) but not the master key.
 */
abstract class AuditChainScenarios extends ServerTest {

    static final List<String> TEXT_COLUMNS = List.of(
            "type",
            "outcome",
            "actor_id",
            "ip",
            "target_type",
            "target_id",
            "conversation_id",
            "patient_id",
            "details",
            "org_id");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    Dialect dialect;

    @Autowired
    AuditChain chain;

    @Autowired
    org.carechat.storage.Ids ids;

    @Autowired
    tools.jackson.databind.json.JsonMapper json;

    record Activity(Organisation org, Staff admin, Staff alice, Staff bob, Staff carol) {}

    /** A little of everything: sends, receipts, reads, a refusal, an admin search. */
    Activity activity() {
        Organisation org = newOrg();
        Staff admin = newStaff(org, Role.ADMIN, "Ada Admin");
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        Staff bob = newStaff(org, Role.NURSE, "Bob");
        Staff carol = newStaff(org, Role.STAFF, "Carol");
        String c = group(alice, bob);
        for (int i = 0; i < 5; i++) {
            long seq = sendText(alice, c, "obs round " + i);
            post(bob, "/api/v1/conversations/" + c + "/read", Map.of("upTo", seq));
            sendText(bob, c, "noted " + i);
        }
        get(carol, "/api/v1/conversations/" + c + "/messages");
        get(bob, "/api/v1/conversations/" + c + "/messages");
        get(admin, "/api/v1/audit?limit=10");
        return new Activity(org, admin, alice, bob, carol);
    }

    @Test
    void everyRowJoinsItsActorsChainInOrderAndAnUntouchedTrailVerifiesIntact() {
        Activity a = activity();
        List<Map<String, Object>> aliceRows = jdbc.sql("SELECT chain_id, chain_seq, mac FROM audit_event "
                        + "WHERE org_id = ? AND actor_id = ? ORDER BY chain_seq")
                .params(a.org().id(), a.alice().id())
                .query()
                .listOfRows();
        assertThat(aliceRows).hasSizeGreaterThanOrEqualTo(6);
        for (int i = 0; i < aliceRows.size(); i++) {
            assertThat(aliceRows.get(i).get("chain_id"))
                    .isEqualTo(a.org().id() + "/" + a.alice().id());
            assertThat(((Number) aliceRows.get(i).get("chain_seq")).longValue()).isEqualTo(i + 1);
            assertThat((String) aliceRows.get(i).get("mac")).isNotBlank();
        }
        long rows = jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE org_id = ?")
                .param(a.org().id())
                .query(Long.class)
                .single();

        JsonNode verified = get(a.admin(), "/api/v1/audit/verify").json();
        assertThat(verified.get("intact").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("rows").asLong()).isEqualTo(rows);
        assertThat(get(a.bob(), "/api/v1/audit/verify").status()).isEqualTo(403);
        assertThat(get(a.admin(), "/api/v1/audit?type=AUDIT_VERIFIED")
                        .json()
                        .valueStream()
                        .map(r -> r.get("actorId").asString() + " "
                                + r.get("outcome").asString()))
                .containsExactlyInAnyOrder(a.admin().id() + " success", a.bob().id() + " refused");
    }

    @Test
    void aRowAfterTheHeadThisNodeWroteLastIsAppendedInOneStatement() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        String c = group(alice, newStaff(org, Role.NURSE, "Bob"));
        sendText(alice, c, "obs 0"); // this node now knows the head of Alice's chain

        List<String> statements = ExecutedStatements.during(
                () -> {
                    for (int i = 1; i <= 10; i++) {
                        sendText(alice, c, "obs " + i);
                    }
                },
                "tomcat-handler",
                "carechat-");

        assertThat(statements.stream().filter(s -> s.contains("audit_")))
                .as("statements of 10 sends' audit rows (the head's move and the row: one statement each)")
                .hasSize(10);
        List<Long> seqs = chainSeqs(org.id(), alice.id());
        assertThat(seqs).hasSizeGreaterThanOrEqualTo(11).isEqualTo(positions(seqs.size()));
        assertThat(verifier.verify(org.id()).intact()).isTrue();
    }

    @Test
    void aRowAfterAnAppendThatRolledBackTakesThePositionTheDatabaseHasNotTheOneThisNodeRemembers() {
        Organisation org = newOrg();
        Staff alice = newStaff(org, Role.CLINICIAN, "Alice");
        String c = group(alice, newStaff(org, Role.NURSE, "Bob"));
        sendText(alice, c, "obs 0");
        AuditRecord lost = new AuditRecord(
                ids.next(), org.id(), 1L, "SIGN_OUT", "success", alice.id(), null, null, null, null, null, "{}");

        // The append moves this node's memory of the head; its transaction then rolls back.
        assertThatThrownBy(() -> transactions.write(() -> {
                    chain.write(lost, 1L);
                    throw new IllegalStateException("rolled back");
                }))
                .hasMessage("rolled back");
        sendText(alice, c, "obs 1");
        sendText(alice, c, "obs 2");

        List<Long> seqs = chainSeqs(org.id(), alice.id());
        assertThat(seqs).hasSizeGreaterThanOrEqualTo(3).isEqualTo(positions(seqs.size()));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE id = ?")
                        .param(lost.id())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(verifier.verify(org.id()).intact()).isTrue();
    }

    List<Long> chainSeqs(String orgId, String actorId) {
        return jdbc.sql("SELECT chain_seq FROM audit_event WHERE org_id = ? AND actor_id = ? ORDER BY chain_seq")
                .params(orgId, actorId)
                .query(Long.class)
                .list();
    }

    static List<Long> positions(long count) {
        return java.util.stream.LongStream.rangeClosed(1, count).boxed().toList();
    }

    @Test
    void theDatabaseItselfRefusesToChangeOrDeleteASealedRow() {
        Activity a = activity();
        String id = anyRowOf(a.org().id());
        assertThatThrownBy(() ->
                        transactions.write(() -> jdbc.sql("UPDATE audit_event SET type = 'SIGN_OUT' " + "WHERE id = ?")
                                .param(id)
                                .update()))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> transactions.write(() -> jdbc.sql("DELETE FROM audit_event WHERE id = ?")
                        .param(id)
                        .update()))
                .hasMessageContaining("append-only");
        assertThat(verifier.verify(a.org().id()).intact()).isTrue();
    }

    @Test
    void theDatabaseRefusesAnUnsealedRowAndOneForgedPastItIsReportedNotSealedNeverAdoptedByARestart() {
        Activity a = activity();
        String org = a.org().id();
        String forgedInsert = "INSERT INTO audit_event (id, org_id, occurred_at, type, outcome, actor_id, ip) "
                + "VALUES (?, ?, ?, 'SIGN_IN', 'success', ?, '10.0.0.9')";
        assertThatThrownBy(() -> transactions.write(() -> jdbc.sql(forgedInsert)
                        .params(
                                "forged-unsealed-1",
                                org,
                                System.currentTimeMillis(),
                                a.bob().id())
                        .update()))
                .hasMessageContaining("sealed when written");
        assertThatThrownBy(() -> transactions.write(() -> jdbc.sql(forgedInsert
                                .replace("ip)", "ip, chain_id)")
                                .replace("'10.0.0.9')", "'10.0.0.9', 'x/y')"))
                        .params(
                                "forged-unsealed-2",
                                org,
                                System.currentTimeMillis(),
                                a.bob().id())
                        .update()))
                .hasMessageContaining("sealed when written");

        // With the triggers dropped (a database owner), the row goes in; a restart and `audit verify` (which starts
        // the server's context) must not seal it, and the verifier names it.
        tamper(() -> jdbc.sql(forgedInsert)
                .params(
                        "forged-unsealed-3",
                        org,
                        System.currentTimeMillis(),
                        a.bob().id())
                .update());
        try {
            new AuditLog(jdbc, transactions, ids, java.time.Clock.systemUTC(), json, chain);
            AuditVerifier.Verification result = verifier.verify(org);
            assertThat(result.intact()).isFalse();
            assertThat(result.problems()).singleElement().satisfies(p -> {
                assertThat(p.rowId()).isEqualTo("forged-unsealed-3");
                assertThat(p.problem()).contains("not sealed when it was written");
            });
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE id = 'forged-unsealed-3' AND mac IS NULL")
                            .query(Long.class)
                            .single())
                    .as("still unsealed")
                    .isEqualTo(1);
            assertThat(get(a.admin(), "/api/v1/audit/verify")
                            .json()
                            .get("intact")
                            .asBoolean())
                    .isFalse();
        } finally {
            tamper(() -> jdbc.sql("DELETE FROM audit_event WHERE id = 'forged-unsealed-3'")
                    .update());
        }
        assertThat(verifier.verify(org).intact()).isTrue();
    }

    @Test
    void theFirstBrokenLinkIsNamedByChainPositionAndRow() {
        Activity a = activity();
        String chainId = a.org().id() + "/" + a.bob().id();
        String third = jdbc.sql("SELECT id FROM audit_event WHERE chain_id = ? AND chain_seq = 3")
                .param(chainId)
                .query(String.class)
                .single();
        tamper(() -> jdbc.sql("UPDATE audit_event SET ip = '10.6.6.6' WHERE id = ?")
                .param(third)
                .update());

        AuditVerifier.Verification result = verifier.verify(a.org().id());
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBroken().chainId()).isEqualTo(chainId);
        assertThat(result.firstBroken().position()).isEqualTo(3);
        assertThat(result.firstBroken().rowId()).isEqualTo(third);
        assertThat(result.firstBroken().problem()).contains("does not match its seal");
        assertThat(get(a.admin(), "/api/v1/audit/verify").json().get("intact").asBoolean())
                .isFalse();
    }

    @Test
    void aHundredRandomTamperingsAreEachDetected() {
        Activity a = activity();
        String org = a.org().id();
        Snapshot before = snapshot(org);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Integer> detectedByKind = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            String kind = tamperOnce(org, random);
            AuditVerifier.Verification result = verifier.verify(org);
            assertThat(result.intact())
                    .as("tampering %d (%s, seed %d) went unnoticed", i, kind, seed)
                    .isFalse();
            assertThat(result.firstBroken()).isNotNull();
            detectedByKind.merge(kind, 1, Integer::sum);
            restore(org, before);
            assertThat(verifier.verify(org).intact())
                    .as("restored after %s", kind)
                    .isTrue();
        }
        assertThat(detectedByKind.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(100);
    }

    /** Applies one random change an attacker with database access could make, and says which. */
    String tamperOnce(String org, Random random) {
        List<Map<String, Object>> rows = jdbc.sql(
                        "SELECT id, chain_id, chain_seq, mac FROM audit_event " + "WHERE org_id = ? ORDER BY id")
                .param(org)
                .query()
                .listOfRows();
        Map<String, Object> row = rows.get(random.nextInt(rows.size()));
        String id = (String) row.get("id");
        String chainId = (String) row.get("chain_id");
        int kind = random.nextInt(11);
        tamper(() -> {
            switch (kind) {
                case 0 -> {
                    String column = TEXT_COLUMNS.get(random.nextInt(TEXT_COLUMNS.size()));
                    String changed = column.equals("outcome")
                            ? "CASE WHEN outcome = 'success' THEN 'refused' ELSE 'success' END"
                            : "CASE WHEN " + column + " IS NULL THEN 'x' ELSE " + column + " || 'x' END";
                    jdbc.sql("UPDATE audit_event SET " + column + " = " + changed + " WHERE id = ?")
                            .param(id)
                            .update();
                }
                case 1 ->
                    jdbc.sql("UPDATE audit_event SET occurred_at = occurred_at + 1 WHERE id = ?")
                            .param(id)
                            .update();
                case 2 -> {
                    Map<String, Object> other = rows.get(random.nextInt(rows.size()));
                    String mac = other.get("id").equals(id) ? "AAAA" : (String) other.get("mac");
                    jdbc.sql("UPDATE audit_event SET mac = ? WHERE id = ?")
                            .params(mac, id)
                            .update();
                }
                case 3 ->
                    jdbc.sql("DELETE FROM audit_event WHERE id = ?").param(id).update();
                case 4 -> cutTailAndMoveHeadBack(chainId);
                case 5 -> swapContents(rows, random);
                case 6 ->
                    jdbc.sql("UPDATE audit_event SET chain_seq = chain_seq + 100000 WHERE id = ?")
                            .param(id)
                            .update();
                case 7 -> moveToAnotherChain(org, id, chainId);
                case 8 -> forgeRowAtTheEnd(id, chainId);
                case 9 ->
                    jdbc.sql("UPDATE audit_chain SET length = length + 1 WHERE chain_id = ?")
                            .param(chainId)
                            .update();
                case 10 ->
                    jdbc.sql("DELETE FROM audit_chain WHERE chain_id = ?")
                            .param(chainId)
                            .update();
                default -> throw new IllegalStateException();
            }
            return null;
        });
        return List.of(
                        "field altered",
                        "time altered",
                        "seal replaced",
                        "row deleted",
                        "tail cut, head moved back",
                        "rows swapped",
                        "renumbered",
                        "moved to another chain",
                        "row forged",
                        "head altered",
                        "head deleted")
                .get(kind);
    }

    void cutTailAndMoveHeadBack(String chainId) {
        long length = jdbc.sql("SELECT MAX(chain_seq) FROM audit_event WHERE chain_id = ?")
                .param(chainId)
                .query(Long.class)
                .single();
        jdbc.sql("DELETE FROM audit_event WHERE chain_id = ? AND chain_seq = ?")
                .params(chainId, length)
                .update();
        String previousMac = length == 1
                ? ""
                : jdbc.sql("SELECT mac FROM audit_event WHERE chain_id = ? " + "AND chain_seq = ?")
                        .params(chainId, length - 1)
                        .query(String.class)
                        .single();
        jdbc.sql("UPDATE audit_chain SET length = ?, last_mac = ? WHERE chain_id = ?")
                .params(length - 1, previousMac, chainId)
                .update();
    }

    void swapContents(List<Map<String, Object>> rows, Random random) {
        Map<String, Object> first = rows.get(random.nextInt(rows.size()));
        Map<String, Object> second = rows.get(random.nextInt(rows.size()));
        if (first.get("id").equals(second.get("id"))) {
            second = rows.get((rows.indexOf(first) + 1) % rows.size());
        }
        // Swap everything but the chain columns: the rows trade places in the trail.
        String a = (String) first.get("id");
        String b = (String) second.get("id");
        Map<String, Object> ra = jdbc.sql(
                        "SELECT type, outcome, actor_id, occurred_at, details FROM audit_event " + "WHERE id = ?")
                .param(a)
                .query()
                .singleRow();
        Map<String, Object> rb = jdbc.sql(
                        "SELECT type, outcome, actor_id, occurred_at, details FROM audit_event " + "WHERE id = ?")
                .param(b)
                .query()
                .singleRow();
        if (ra.equals(rb)) {
            jdbc.sql("UPDATE audit_event SET mac = (SELECT mac FROM audit_event WHERE id = ?) WHERE id = ?")
                    .params(b, a)
                    .update();
            return;
        }
        setContents(a, rb);
        setContents(b, ra);
    }

    void setContents(String id, Map<String, Object> contents) {
        jdbc.sql(
                        "UPDATE audit_event SET type = ?, outcome = ?, actor_id = ?, occurred_at = ?, details = ? WHERE id = ?")
                .params(
                        contents.get("type"),
                        contents.get("outcome"),
                        contents.get("actor_id"),
                        contents.get("occurred_at"),
                        contents.get("details"),
                        id)
                .update();
    }

    void moveToAnotherChain(String org, String id, String chainId) {
        String other = jdbc.sql("SELECT chain_id FROM audit_chain WHERE org_id = ? AND chain_id <> ? ORDER BY chain_id "
                        + "LIMIT 1")
                .params(org, chainId)
                .query(String.class)
                .single();
        jdbc.sql("UPDATE audit_event SET chain_id = ?, chain_seq = (SELECT length + 1 FROM audit_chain "
                        + "WHERE chain_id = ?) WHERE id = ?")
                .params(other, other, id)
                .update();
        jdbc.sql("UPDATE audit_chain SET length = length + 1, last_mac = (SELECT mac FROM audit_event WHERE id = ?) "
                        + "WHERE chain_id = ?")
                .params(id, other)
                .update();
    }

    void forgeRowAtTheEnd(String copyOf, String chainId) {
        jdbc.sql(
                        "INSERT INTO audit_event (id, org_id, occurred_at, type, outcome, actor_id, ip, target_type, target_id, "
                                + "conversation_id, patient_id, details, chain_id, chain_seq, mac) SELECT 'forged-' || id, org_id, "
                                + "occurred_at + 1, 'SIGN_OUT', outcome, actor_id, ip, target_type, target_id, conversation_id, "
                                + "patient_id, details, ?, (SELECT length + 1 FROM audit_chain WHERE chain_id = ?), mac "
                                + "FROM audit_event WHERE id = ?")
                .params(chainId, chainId, copyOf)
                .update();
        jdbc.sql("UPDATE audit_chain SET length = length + 1, last_mac = (SELECT mac FROM audit_event WHERE id = ?) "
                        + "WHERE chain_id = ?")
                .params("forged-" + copyOf, chainId)
                .update();
    }

    record Snapshot(List<Map<String, Object>> rows, List<Map<String, Object>> heads) {}

    Snapshot snapshot(String org) {
        return new Snapshot(
                jdbc.sql("SELECT * FROM audit_event WHERE org_id = ?")
                        .param(org)
                        .query()
                        .listOfRows(),
                jdbc.sql("SELECT * FROM audit_chain WHERE org_id = ?")
                        .param(org)
                        .query()
                        .listOfRows());
    }

    /** Puts the organisation's rows and heads back exactly as they were. */
    void restore(String org, Snapshot snapshot) {
        List<String> ids =
                snapshot.rows().stream().map(r -> (String) r.get("id")).toList();
        tamper(() -> {
            jdbc.sql("DELETE FROM audit_event WHERE org_id = :org OR id IN (:ids) OR id LIKE 'forged-%'")
                    .param("org", org)
                    .param("ids", ids)
                    .update();
            jdbc.sql("DELETE FROM audit_chain WHERE org_id = ?").param(org).update();
            snapshot.rows().forEach(r -> insert("audit_event", r));
            snapshot.heads().forEach(r -> insert("audit_chain", r));
            return null;
        });
    }

    void insert(String table, Map<String, Object> row) {
        List<String> columns = new ArrayList<>(row.keySet());
        jdbc.sql("INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                        + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")")
                .params(columns.stream().map(row::get).toList())
                .update();
    }

    String anyRowOf(String org) {
        return jdbc.sql("SELECT id FROM audit_event WHERE org_id = ? LIMIT 1")
                .param(org)
                .query(String.class)
                .single();
    }

    /** Runs {@code change} as a database owner would: with the append-only triggers out of the way. */
    void tamper(java.util.function.Supplier<Object> change) {
        transactions.write(() -> {
            switch (dialect) {
                case SQLITE -> {
                    jdbc.sql("DROP TRIGGER audit_event_no_update").update();
                    jdbc.sql("DROP TRIGGER audit_event_no_delete").update();
                    jdbc.sql("DROP TRIGGER audit_event_sealed_insert").update();
                }
                case POSTGRESQL ->
                    jdbc.sql("ALTER TABLE audit_event DISABLE TRIGGER USER").update();
            }
            change.get();
            switch (dialect) {
                case SQLITE -> {
                    jdbc.sql("CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
                                    + "BEGIN SELECT RAISE(ABORT, 'audit_event rows are append-only'); END")
                            .update();
                    jdbc.sql("CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
                                    + "BEGIN SELECT RAISE(ABORT, 'audit_event rows are append-only'); END")
                            .update();
                    jdbc.sql("CREATE TRIGGER audit_event_sealed_insert BEFORE INSERT ON audit_event WHEN "
                                    + "NEW.chain_id IS NULL OR NEW.chain_seq IS NULL OR NEW.mac IS NULL BEGIN "
                                    + "SELECT RAISE(ABORT, 'audit_event rows are sealed when written'); END")
                            .update();
                }
                case POSTGRESQL ->
                    jdbc.sql("ALTER TABLE audit_event ENABLE TRIGGER USER").update();
            }
            return null;
        });
    }
}
