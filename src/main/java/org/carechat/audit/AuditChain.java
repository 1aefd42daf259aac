package org.carechat.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.carechat.storage.Dialect;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Links audit rows into tamper-evident chains (docs/security.md §Audit).
 *
 * <p>Every row belongs to one chain: that of its organisation and acting user ({@link #chainOf}); rows without an
 * actor (the system's own) form their organisation's (or the installation's) system chain. Its position is the chain's next number, and its seal is
 * {@code HMAC(audit key, "carechat.audit.v1" | every field | chain id | position | previous row's seal)}. The
 * chain's head ({@code audit_chain}) keeps its length and last seal. Appending takes the head's row lock for the
 * rest of the transaction, so rows of one chain are numbered in commit order; chains per user keep unrelated
 * writers from waiting for each other. Editing, deleting, reordering or moving a row, or cutting a chain short,
 * breaks a seal or a number that {@link AuditVerifier} checks, and without the key no seal can be recomputed.
 */
@Component
class AuditChain {

    static final String INSTALLATION = "installation";

    private static final int HEADS_REMEMBERED = 100_000;
    /** The refusal of SQLite's {@code audit_append} trigger (migration V54) for a head that is not the one seen. */
    private static final String HEAD_MOVED = "audit chain head moved";

    private static final String COLUMNS = "id, org_id, occurred_at, type, outcome, actor_id, ip, target_type, "
            + "target_id, conversation_id, patient_id, details, chain_id, chain_seq, mac";

    private final JdbcClient jdbc;
    private final AuditSeal seal;
    private final Dialect dialect;
    private final java.util.Map<String, Head> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();

    AuditChain(JdbcClient jdbc, AuditSeal seal, Dialect dialect) {
        this.jdbc = jdbc;
        this.seal = seal;
        this.dialect = dialect;
    }

    /** Where a new row goes in its chain. */
    record Link(String chainId, long seq, String mac) {}

    /** {@code <organisation id>/<actor id>}, with {@code installation} and {@code system} for either missing. */
    static String chainOf(String orgId, String actorId) {
        return (orgId != null ? orgId : INSTALLATION) + "/" + (actorId != null ? actorId : "system");
    }

    /**
     * Writes a new audit row sealed into its chain: takes the next position, seals the row, moves the head.
     *
     * <p>The head this node saw last is remembered: the common case moves the head only if it is still exactly that
     * one (its row lock then holds it to the end of the transaction) and inserts the row, in one statement: on
     * PostgreSQL a data-modifying CTE, on SQLite an insert into the view {@code audit_append}, whose trigger does both
     * or, for a head that moved, fails and changes nothing (migration V54). Any other head — another node or transaction appended meanwhile, a rolled-back
     * append, the chain's first row — makes it read the head under its lock and append after it; so the memory is a
     * hint that the database checks, never trusted.
     */
    void write(AuditRecord row, long now) {
        String chainId = chainOf(row.orgId(), row.actorId());
        Head seen = lastSeen.get(chainId);
        if (seen != null) {
            long seq = seen.length() + 1;
            String mac = encode(seal.seal(sealedBytes(row, chainId, seq, seen.lastMac())));
            if (moveHeadAndInsert(row, chainId, seen, seq, mac, now)) {
                remember(chainId, new Head(seq, mac));
                return;
            }
        }
        Link link = link(row, now);
        insert(row, link);
    }

    private boolean moveHeadAndInsert(AuditRecord row, String chainId, Head seen, long seq, String mac, long now) {
        var statement = switch (dialect) {
            case POSTGRESQL ->
                jdbc.sql("WITH head AS (UPDATE audit_chain SET length = :seq, last_mac = :mac, head_mac = :headMac, "
                        + "updated_at = :now WHERE chain_id = :chain AND length = :seenLength AND last_mac = :seenMac "
                        + "RETURNING chain_id) INSERT INTO audit_event (" + COLUMNS + ") SELECT :id, :org, :at, "
                        + ":type, :outcome, :actor, :ip, :targetType, :targetId, :conversation, :patient, :details, "
                        + ":chain, :seq, :mac FROM head");
            case SQLITE ->
                jdbc.sql("INSERT INTO audit_append (" + COLUMNS + ", seen_length, seen_mac, head_mac, updated_at) "
                        + "VALUES (:id, :org, :at, :type, :outcome, :actor, :ip, :targetType, :targetId, "
                        + ":conversation, :patient, :details, :chain, :seq, :mac, :seenLength, :seenMac, :headMac, "
                        + ":now)");
        };
        statement = statement
                .param("seq", seq)
                .param("mac", mac)
                .param("headMac", headSeal(chainId, seq, mac))
                .param("now", now)
                .param("chain", chainId)
                .param("seenLength", seen.length())
                .param("seenMac", seen.lastMac())
                .param("id", row.id())
                .param("org", row.orgId())
                .param("at", row.occurredAt())
                .param("type", row.type())
                .param("outcome", row.outcome())
                .param("actor", row.actorId())
                .param("ip", row.ip())
                .param("targetType", row.targetType())
                .param("targetId", row.targetId())
                .param("conversation", row.conversationId())
                .param("patient", row.patientId())
                .param("details", row.details());
        return switch (dialect) {
            case POSTGRESQL -> statement.update() == 1;
            case SQLITE -> appendedUnlessHeadMoved(statement);
        };
    }

    /**
     * Runs SQLite's {@code audit_append} insert: {@code false} when its trigger refused a head that moved (the
     * statement then changed nothing; an insert into a view reports no rows either way, so the refusal is the signal).
     */
    private static boolean appendedUnlessHeadMoved(JdbcClient.StatementSpec statement) {
        try {
            statement.update();
            return true;
        } catch (DataAccessException failure) {
            String message = failure.getMostSpecificCause().getMessage();
            if (message != null && message.contains(HEAD_MOVED)) {
                return false;
            }
            throw failure;
        }
    }

    private void insert(AuditRecord row, Link link) {
        jdbc.sql("INSERT INTO audit_event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        row.id(),
                        row.orgId(),
                        row.occurredAt(),
                        row.type(),
                        row.outcome(),
                        row.actorId(),
                        row.ip(),
                        row.targetType(),
                        row.targetId(),
                        row.conversationId(),
                        row.patientId(),
                        row.details(),
                        link.chainId(),
                        link.seq(),
                        link.mac())
                .update();
    }

    /**
     * Takes the next position of {@code row}'s chain under the head's row lock, seals the row there and moves the
     * head; the caller stores the row.
     */
    private Link link(AuditRecord row, long now) {
        String chainId = chainOf(row.orgId(), row.actorId());
        Head head = jdbc.sql(
                        "INSERT INTO audit_chain (chain_id, org_id, length, last_mac, updated_at) "
                                + "VALUES (?, ?, 1, '', ?) ON CONFLICT (chain_id) DO UPDATE SET "
                                + "length = audit_chain.length + 1, updated_at = excluded.updated_at RETURNING length, last_mac")
                .params(chainId, row.orgId(), now)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .single();
        String mac = encode(seal.seal(sealedBytes(row, chainId, head.length(), head.lastMac())));
        jdbc.sql("UPDATE audit_chain SET last_mac = ?, head_mac = ? WHERE chain_id = ?")
                .params(mac, headSeal(chainId, head.length(), mac), chainId)
                .update();
        remember(chainId, new Head(head.length(), mac));
        return new Link(chainId, head.length(), mac);
    }

    private void remember(String chainId, Head head) {
        if (lastSeen.size() >= HEADS_REMEMBERED) {
            lastSeen.clear(); // crude bound; a forgotten head costs one extra statement
        }
        lastSeen.put(chainId, head);
    }

    /** The seal of a chain's head: its length and last seal, so neither can be set back without the key. */
    String headSeal(String chainId, long length, String lastMac) {
        return encode(seal.seal(headBytes(chainId, length, lastMac)));
    }

    boolean headMatches(String chainId, long length, String lastMac, String headMac) {
        return verifies(headMac, headBytes(chainId, length, lastMac));
    }

    private static byte[] headBytes(String chainId, long length, String lastMac) {
        return fields("carechat.audit-head.v1", chainId, Long.toString(length), lastMac);
    }

    /** Whether {@code mac} is the seal of {@code row} at {@code seq} of {@code chainId} after {@code previousMac}. */
    boolean sealMatches(AuditRecord row, String chainId, long seq, String previousMac, String mac) {
        return verifies(mac, sealedBytes(row, chainId, seq, previousMac));
    }

    private boolean verifies(String encodedSeal, byte[] data) {
        if (encodedSeal == null) {
            return false;
        }
        try {
            return seal.verify(Base64.getDecoder().decode(encodedSeal), data);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private record Head(long length, String lastMac) {}

    /** An unambiguous encoding: every field with its length, so no two different rows encode alike. */
    static byte[] sealedBytes(AuditRecord row, String chainId, long seq, String previousMac) {
        return fields(
                "carechat.audit.v1",
                row.id(),
                row.orgId(),
                Long.toString(row.occurredAt()),
                row.type(),
                row.outcome(),
                row.actorId(),
                row.ip(),
                row.targetType(),
                row.targetId(),
                row.conversationId(),
                row.patientId(),
                row.details(),
                chainId,
                Long.toString(seq),
                previousMac);
    }

    private static byte[] fields(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (String field : fields) {
            if (field == null) {
                out.writeBytes("-1:".getBytes(StandardCharsets.UTF_8));
            } else {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    private static String encode(byte[] tag) {
        return Base64.getEncoder().encodeToString(tag);
    }
}
