package org.carechat.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.attachment.PurgedAttachments;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.crypto.ConversationCipher;
import org.carechat.crypto.RetentionKeyFile;
import org.carechat.crypto.RetentionKeyRing;
import org.carechat.identity.UserService;
import org.carechat.storage.Transactions;
import org.carechat.timeline.Timeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The purge job (docs/retention.md): every run looks at every conversation not yet purged and
 * <ol>
 *   <li>purges those due ({@link PurgeDates#isDue}: exactly at their instant, never before): marked purged, texts
 *       blanked and a {@code purged} tombstone appended ({@link Timeline#purge}), keyset destroyed, audited by id, in
 *       one unit of work; a conversation active since it was read is left for its new day;
 *   <li>re-wraps the keysets whose purge day moved, or that are still under the master key (from before issue #16);
 *   <li>deletes the purged conversations' attachments ({@link PurgedAttachments});
 *   <li>destroys the retention key of every day before today that no keyset is under any more.
 * </ol>
 * Nothing is remembered between runs: what is due is computed from the database each time, so a run missed (the
 * server was down on the day) purges at the next one, and a run interrupted is finished by the next. Several nodes may
 * run it at once: each purge is a compare-and-set on the conversation's row.
 */
@Component
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
    private static final int PAGE = 500;
    static final String REASON_POLICY = "policy";
    static final String REASON_DISCHARGE = "discharge";

    private final PurgeCandidates candidates;
    private final ConversationFacts facts;
    private final RetentionPolicies policies;
    private final Timeline timeline;
    private final ConversationCipher cipher;
    private final RetentionKeyRing retentionKeys;
    private final PurgedAttachments attachments;
    private final UserService users;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;

    RetentionPurge(
            PurgeCandidates candidates,
            ConversationFacts facts,
            RetentionPolicies policies,
            Timeline timeline,
            ConversationCipher cipher,
            RetentionKeyRing retentionKeys,
            PurgedAttachments attachments,
            UserService users,
            AuditLog audit,
            Transactions transactions,
            Clock clock) {
        this.candidates = candidates;
        this.facts = facts;
        this.policies = policies;
        this.timeline = timeline;
        this.cipher = cipher;
        this.retentionKeys = retentionKeys;
        this.attachments = attachments;
        this.users = users;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What one run did, for the log and the tests. */
    public record Result(int purged, int moved, int attachments, int keysDestroyed) {}

    @Scheduled(
            initialDelayString = "${carechat.retention.first-run-after:1m}",
            fixedDelayString = "${carechat.retention.run-every:15m}")
    void scheduled() {
        try {
            Result result = run();
            if (result.purged() + result.moved() + result.keysDestroyed() > 0) {
                log.info(
                        "retention: {} conversations purged, {} keysets moved to their day, {} attachments and {} "
                                + "retention keys destroyed",
                        result.purged(),
                        result.moved(),
                        result.attachments(),
                        result.keysDestroyed());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "the retention run failed; the next one retries: {}",
                    e.getClass().getName());
        }
    }

    /** One run; call outside any unit of work. */
    public Result run() {
        Instant now = clock.instant();
        Map<String, RetentionPolicy> policyOf = new HashMap<>();
        int purged = 0;
        int moved = 0;
        String after = "";
        List<PurgeCandidates.Candidate> page;
        do {
            page = candidates.page(after, PAGE);
            for (PurgeCandidates.Candidate c : page) {
                RetentionPolicy policy = policyOf.computeIfAbsent(c.orgId(), policies::find);
                Optional<Instant> due = PurgeDates.dueAt(c.facts(), policy);
                if (PurgeDates.isDue(c.facts(), policy, now)) {
                    purged += purge(c, due.orElseThrow(), policy, now) ? 1 : 0;
                } else if (!PurgeDates.bucket(due).equals(c.kekBucket())) {
                    moved += transactions.write(() -> cipher.realign(c.orgId(), c.id())) ? 1 : 0;
                }
            }
            after = page.isEmpty() ? after : page.getLast().id();
        } while (page.size() == PAGE);
        return new Result(purged, moved, attachments.discard(), destroyPastKeys(now));
    }

    private boolean purge(PurgeCandidates.Candidate c, Instant due, RetentionPolicy policy, Instant now) {
        String reason = dueByDischarge(c, due, policy) ? REASON_DISCHARGE : REASON_POLICY;
        try {
            return transactions.write(() -> shred(c.orgId(), c.id(), c.lastActivityAt(), reason, () -> {
                        if (!stillDue(c, policy, now)) {
                            // Held, or its own period lengthened, since it was read. Checked under the row lock the
                            // purge took, which placing a hold and setting a period take too: either seen here or
                            // made after the purge committed.
                            throw new NoLongerDue();
                        }
                    })
                    .map(seq -> {
                        audit.record(AuditEvent.of(AuditType.CONVERSATION_PURGED)
                                .org(c.orgId())
                                .target("conversation", c.id())
                                .conversation(c.id())
                                .detail("reason", reason)
                                .detail("dueAt", due.toEpochMilli())
                                .detail("seq", seq));
                        return true;
                    })
                    .orElse(false));
        } catch (NoLongerDue undone) {
            return false;
        }
    }

    /**
     * Crypto-shreds one conversation inside the caller's unit of work: marks it purged, blanks its texts, appends the
     * tombstone ({@link Timeline#purge}) and destroys its keyset; its attachments go with the next run (or
     * {@link #discardAttachments}). {@code underLock} runs once the conversation's row is locked, before the keyset is
     * destroyed; it throws to undo. The caller audits.
     *
     * @return the tombstone's seq, or empty when the conversation had activity after {@code lastActivityAt} (or was
     *     purged already): nothing was done
     */
    Optional<Long> shred(String orgId, String conversationId, long lastActivityAt, String reason, Runnable underLock) {
        String automatic = users.automaticSender(orgId).id();
        var tombstone = timeline.purge(orgId, conversationId, lastActivityAt, automatic, reason);
        if (tombstone.isEmpty()) {
            return Optional.empty();
        }
        underLock.run();
        cipher.destroyKey(conversationId);
        return Optional.of(tombstone.getAsLong());
    }

    /** Deletes the blobs of purged conversations' attachments now (call outside any unit of work). */
    int discardAttachments() {
        return attachments.discard();
    }

    /** Whether it is still due with its hold and own period read now (its activity is as read: the purge's check). */
    private boolean stillDue(PurgeCandidates.Candidate c, RetentionPolicy policy, Instant now) {
        return facts.of(c.orgId(), c.id())
                .map(current -> new PurgeDates.Facts(
                        current.audience(),
                        c.lastActivityAt(),
                        current.override(),
                        current.dischargedAt(),
                        current.held()))
                .map(current -> PurgeDates.isDue(current, policy, now))
                .orElse(false);
    }

    private static boolean dueByDischarge(PurgeCandidates.Candidate c, Instant due, RetentionPolicy policy) {
        return c.dischargedAt() != null
                && due.equals(Instant.ofEpochMilli(c.dischargedAt())
                        .plus(java.time.Duration.ofDays(policy.dischargeGraceDays())));
    }

    /** Undoes a purge whose conversation was held, or given a longer period, after the run read it. */
    private static final class NoLongerDue extends RuntimeException {
        NoLongerDue() {
            super(null, null, false, false);
        }
    }

    private int destroyPastKeys(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int destroyed = 0;
        for (String bucket : retentionKeys.buckets()) {
            if (bucket.equals(RetentionKeyFile.HOLD) || !LocalDate.parse(bucket).isBefore(today)) {
                continue;
            }
            if (retentionKeys.destroyIfUnused(bucket)) {
                transactions.run(() -> audit.record(
                        AuditEvent.of(AuditType.RETENTION_KEY_DESTROYED).target("retention_key", bucket)));
                destroyed++;
            }
        }
        return destroyed;
    }
}
