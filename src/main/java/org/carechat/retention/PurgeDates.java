package org.carechat.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.carechat.crypto.RetentionKeyFile;

/**
 * When a conversation is due to be purged, and under which retention key its data keys are wrapped (docs/decisions.md,
 * issue #16). Always computed from what the database says now, never remembered: activity, a discharge, an override
 * and a hold all move it.
 */
public final class PurgeDates {

    private PurgeDates() {}

    /**
     * What decides a conversation's purge date.
     *
     * @param audience       {@code staff}, {@code patient} or {@code mixed}
     * @param lastActivityAt its newest timeline entry (epoch ms)
     * @param override       the conversation's own period; {@code null} for none
     * @param dischargedAt   when the patient of its ward stay was discharged (epoch ms); {@code null} if not
     * @param held           under legal hold: never due while held
     */
    public record Facts(String audience, long lastActivityAt, Override override, Long dischargedAt, boolean held) {}

    /**
     * A conversation's own period.
     *
     * @param days       its period after the last activity
     * @param lengthened an admin set it longer than the policy: it stays as set; otherwise it is a shortening, never
     *                   longer than the audience's period (a policy shortened below it wins)
     */
    public record Override(int days, boolean lengthened) {

        /** The period in force under {@code policyDays}, the audience's. */
        public int daysUnder(int policyDays) {
            return lengthened ? days : Math.min(days, policyDays);
        }
    }

    /** The conversation's period after its last activity: its override's, else its audience's. */
    public static int periodDays(Facts facts, RetentionPolicy policy) {
        int policyDays = policy.daysFor(facts.audience());
        return facts.override() == null ? policyDays : facts.override().daysUnder(policyDays);
    }

    /** The instant the conversation is due, or empty while it is held. */
    public static Optional<Instant> dueAt(Facts facts, RetentionPolicy policy) {
        if (facts.held()) {
            return Optional.empty();
        }
        Instant byActivity =
                Instant.ofEpochMilli(facts.lastActivityAt()).plus(Duration.ofDays(periodDays(facts, policy)));
        if (facts.dischargedAt() == null) {
            return Optional.of(byActivity);
        }
        Instant byDischarge =
                Instant.ofEpochMilli(facts.dischargedAt()).plus(Duration.ofDays(policy.dischargeGraceDays()));
        return Optional.of(byDischarge.isBefore(byActivity) ? byDischarge : byActivity);
    }

    /** Whether the conversation is due at {@code now}: exactly at its instant, not a millisecond before. */
    public static boolean isDue(Facts facts, RetentionPolicy policy, Instant now) {
        return dueAt(facts, policy).map(due -> !now.isBefore(due)).orElse(false);
    }

    /** The retention key a conversation's data keys are wrapped under: the UTC day it is due, or the hold key. */
    public static String bucket(Optional<Instant> dueAt) {
        return dueAt.map(due -> LocalDate.ofInstant(due, ZoneOffset.UTC).toString())
                .orElse(RetentionKeyFile.HOLD);
    }
}
