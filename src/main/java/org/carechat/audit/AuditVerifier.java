package org.carechat.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Checks the audit chains ({@link AuditChain}) and reports where they are broken: a row whose seal does not match
 * (edited, moved between rows or chains, or forged without the key), a missing position (a deleted row), a chain
 * that ends before its head says (cut short), a head that is missing, or a row outside any chain (inserted
 * directly). Reads every row once, chain by chain, in pages.
 */
@Service
public class AuditVerifier {

    static final int PAGE = 1_000;
    static final int MAX_PROBLEMS = 100;

    private final JdbcClient jdbc;
    private final AuditChain chain;
    private final Counter intact;
    private final Counter broken;

    AuditVerifier(JdbcClient jdbc, AuditChain chain, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.intact = verifications(meters, "intact");
        this.broken = verifications(meters, "broken");
    }

    private static Counter verifications(MeterRegistry meters, String result) {
        return Counter.builder("carechat.audit.verifications")
                .description("Audit trail verifications (admin API, command line), by result")
                .tag("result", result)
                .register(meters);
    }

    /** One broken link: which chain, at which position and row, and what is wrong. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "AuditProblem")
    public record Problem(String chainId, Long position, String rowId, Long occurredAt, String problem) {}

    /**
     * @param firstBroken the earliest problem found (by the time of its row), or {@code null} when intact
     * @param problems    up to {@value #MAX_PROBLEMS} problems, the first of each chain
     */
    public record Verification(boolean intact, int chains, long rows, Problem firstBroken, List<Problem> problems) {}

    private record SealedRow(AuditRecord row, String chainId, Long seq, String mac) {}

    /** Verifies the chains of one organisation, or of the whole installation when {@code orgId} is null. */
    public Verification verify(String orgId) {
        List<Problem> problems = new ArrayList<>();
        long rows = 0;
        Set<String> chains = chainIds(orgId);
        for (String chainId : chains) {
            ChainCheck check = verifyChain(chainId);
            rows += check.rows();
            if (check.problem() != null && problems.size() < MAX_PROBLEMS) {
                problems.add(check.problem());
            }
        }
        for (SealedRow loose : unchained(orgId)) {
            rows++;
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new Problem(
                        loose.chainId(),
                        loose.seq(),
                        loose.row().id(),
                        loose.row().occurredAt(),
                        "a row not sealed when it was written (put into the database directly, not by CareChat)"));
            }
        }
        Problem first = problems.stream()
                .min(java.util.Comparator.comparing(
                        (Problem p) -> p.occurredAt() == null ? Long.MAX_VALUE : p.occurredAt()))
                .orElse(null);
        (problems.isEmpty() ? intact : broken).increment();
        return new Verification(problems.isEmpty(), chains.size(), rows, first, List.copyOf(problems));
    }

    private record ChainCheck(long rows, Problem problem) {}

    private ChainCheck verifyChain(String chainId) {
        long expected = 1;
        String previousMac = "";
        long rows = 0;
        Long lastTime = null;
        while (true) {
            List<SealedRow> page = jdbc.sql(
                            SELECT + " WHERE chain_id = ? AND chain_seq >= ? ORDER BY chain_seq LIMIT ?")
                    .params(chainId, expected, PAGE)
                    .query((rs, n) -> sealedRow(rs))
                    .list();
            for (SealedRow r : page) {
                rows++;
                if (r.seq() != expected) {
                    return new ChainCheck(
                            rows,
                            new Problem(
                                    chainId,
                                    expected,
                                    r.row().id(),
                                    r.row().occurredAt(),
                                    "position " + expected + " is missing (a row was deleted or renumbered)"));
                }
                if (!chain.sealMatches(r.row(), chainId, expected, previousMac, r.mac())) {
                    return new ChainCheck(
                            rows,
                            new Problem(
                                    chainId,
                                    expected,
                                    r.row().id(),
                                    r.row().occurredAt(),
                                    "the row does not match its seal (it was altered, moved or forged)"));
                }
                previousMac = r.mac();
                lastTime = r.row().occurredAt();
                expected++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        Head head = jdbc.sql("SELECT length, last_mac, head_mac FROM audit_chain WHERE chain_id = ?")
                .param(chainId)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional()
                .orElse(null);
        long length = expected - 1;
        if (head == null) {
            return new ChainCheck(
                    rows,
                    new Problem(
                            chainId, null, null, lastTime, "the chain's head is missing (deleted in the database)"));
        }
        if (!chain.headMatches(chainId, head.length(), head.lastMac(), head.headMac())) {
            return new ChainCheck(
                    rows,
                    new Problem(
                            chainId,
                            null,
                            null,
                            lastTime,
                            "the chain's head does not match its seal (it was altered)"));
        }
        if (head.length() != length || !head.lastMac().equals(previousMac)) {
            return new ChainCheck(
                    rows,
                    new Problem(
                            chainId,
                            length + 1,
                            null,
                            lastTime,
                            "the chain ends at position " + length + " but its head says " + head.length()
                                    + " (rows at the end were deleted)"));
        }
        return new ChainCheck(rows, null);
    }

    private record Head(long length, String lastMac, String headMac) {}

    private Set<String> chainIds(String orgId) {
        Set<String> ids = new LinkedHashSet<>();
        if (orgId == null) {
            ids.addAll(jdbc.sql("SELECT chain_id FROM audit_chain ORDER BY chain_id")
                    .query(String.class)
                    .list());
            ids.addAll(
                    jdbc.sql("SELECT DISTINCT chain_id FROM audit_event WHERE chain_id IS NOT NULL ORDER BY chain_id")
                            .query(String.class)
                            .list());
        } else {
            ids.addAll(jdbc.sql("SELECT chain_id FROM audit_chain WHERE org_id = ? ORDER BY chain_id")
                    .param(orgId)
                    .query(String.class)
                    .list());
            ids.addAll(jdbc.sql("SELECT DISTINCT chain_id FROM audit_event WHERE org_id = ? AND chain_id IS NOT NULL "
                            + "ORDER BY chain_id")
                    .param(orgId)
                    .query(String.class)
                    .list());
        }
        return ids;
    }

    private List<SealedRow> unchained(String orgId) {
        String where = " WHERE (chain_id IS NULL OR chain_seq IS NULL OR mac IS NULL)";
        return orgId == null
                ? jdbc.sql(SELECT + where + " LIMIT " + MAX_PROBLEMS)
                        .query((rs, n) -> sealedRow(rs))
                        .list()
                : jdbc.sql(SELECT + where + " AND org_id = ? LIMIT " + MAX_PROBLEMS)
                        .param(orgId)
                        .query((rs, n) -> sealedRow(rs))
                        .list();
    }

    private static final String SELECT = "SELECT id, org_id, occurred_at, type, outcome, actor_id, ip, target_type, "
            + "target_id, conversation_id, patient_id, details, chain_id, chain_seq, mac FROM audit_event";

    private static SealedRow sealedRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        AuditRecord row = new AuditRecord(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getLong("occurred_at"),
                rs.getString("type"),
                rs.getString("outcome"),
                rs.getString("actor_id"),
                rs.getString("ip"),
                rs.getString("target_type"),
                rs.getString("target_id"),
                rs.getString("conversation_id"),
                rs.getString("patient_id"),
                rs.getString("details"));
        long seq = rs.getLong("chain_seq");
        return new SealedRow(row, rs.getString("chain_id"), rs.wasNull() ? null : seq, rs.getString("mac"));
    }
}
