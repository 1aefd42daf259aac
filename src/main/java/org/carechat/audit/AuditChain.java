package org.carechat.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

    private final JdbcClient jdbc;
    private final AuditSeal seal;
    private final java.util.Map<String, Head> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();

    AuditChain(JdbcClient jdbc, AuditSeal seal) {
        this.jdbc = jdbc;
        this.seal = seal;
    }

    /** Where a new row goes in its chain. */
    record Link(String chainId, long seq, String mac) {}

    /** {@code <organisation id>/<actor id>}, with {@code installation} and {@code system} for either missing. */
    static String chainOf(String orgId, String actorId) {
        return (orgId != null ? orgId : INSTALLATION) + "/" + (actorId != null ? actorId : "system");
    }

    /**
     * Appends {@code row} to its chain: takes the next position, seals the row and moves the head.
     *
     * <p>The head this node saw last is remembered: the common case is one statement that moves the head only if it
     * is still exactly that one (the row lock then holds it to the end of the transaction). Any other head — another
     * node or transaction appended meanwhile, a rolled-back append, the chain's first row — makes it read the head
     * under its lock and append after it; so the memory is a hint that is checked, never trusted.
     */
    Link append(AuditRecord row, long now) {
        String chainId = chainOf(row.orgId(), row.actorId());
        Head seen = lastSeen.get(chainId);
        if (seen != null) {
            long seq = seen.length() + 1;
            String mac = encode(seal.seal(sealedBytes(row, chainId, seq, seen.lastMac())));
            int moved = jdbc.sql("UPDATE audit_chain SET length = ?, last_mac = ?, head_mac = ?, updated_at = ? "
                            + "WHERE chain_id = ? AND length = ? AND last_mac = ?")
                    .params(seq, mac, headSeal(chainId, seq, mac), now, chainId, seen.length(), seen.lastMac())
                    .update();
            if (moved == 1) {
                remember(chainId, new Head(seq, mac));
                return new Link(chainId, seq, mac);
            }
        }
        Head head = jdbc.sql("INSERT INTO audit_chain (chain_id, org_id, length, last_mac, updated_at) "
                        + "VALUES (?, ?, 1, '', ?) ON CONFLICT (chain_id) DO UPDATE SET "
                        + "length = audit_chain.length + 1, updated_at = excluded.updated_at RETURNING length, last_mac")
                .params(chainId, row.orgId(), now)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .single();
        String mac = encode(seal.seal(sealedBytes(row, chainId, head.length(), head.lastMac())));
        jdbc.sql("UPDATE audit_chain SET last_mac = ?, head_mac = ? WHERE chain_id = ?")
                .params(mac, headSeal(chainId, head.length(), mac), chainId).update();
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
        return fields("carechat.audit.v1", row.id(), row.orgId(), Long.toString(row.occurredAt()), row.type(),
                row.outcome(), row.actorId(), row.ip(), row.targetType(), row.targetId(), row.conversationId(),
                row.patientId(), row.details(), chainId, Long.toString(seq), previousMac);
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
