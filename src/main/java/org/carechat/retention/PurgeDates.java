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
     * @param overrideDays   the conversation's own period, replacing the audience's; {@code null} for none
     * @param dischargedAt   when the patient of its ward stay was discharged (epoch ms); {@code null} if not
     * @param held           under legal hold: never due while held
     */
    public record Facts(String audience, long lastActivityAt, Integer overrideDays, Long dischargedAt, boolean held) {}

    /** The instant the conversation is due, or empty while it is held. */
    public static Optional<Instant> dueAt(Facts facts, RetentionPolicy policy) {
        if (facts.held()) {
            return Optional.empty();
        }
        int days = facts.overrideDays() != null ? facts.overrideDays() : policy.daysFor(facts.audience());
        Instant byActivity = Instant.ofEpochMilli(facts.lastActivityAt()).plus(Duration.ofDays(days));
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
