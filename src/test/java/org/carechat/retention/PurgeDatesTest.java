package org.carechat.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a conversation is due (issue #16): exactly then, moved by override, discharge and hold. */
class PurgeDatesTest {

    static final RetentionPolicy POLICY = new RetentionPolicy(90, 365, 180, 30, 7);
    static final Instant LAST_ACTIVITY = Instant.parse("2027-01-10T09:30:00Z");

    static PurgeDates.Facts facts(String audience, Integer shorterDays, Instant discharged, boolean held) {
        return factsWith(
                audience, shorterDays == null ? null : new PurgeDates.Override(shorterDays, false), discharged, held);
    }

    static PurgeDates.Facts factsWith(String audience, PurgeDates.Override override, Instant discharged, boolean held) {
        return new PurgeDates.Facts(
                audience,
                LAST_ACTIVITY.toEpochMilli(),
                override,
                discharged == null ? null : discharged.toEpochMilli(),
                held);
    }

    @Test
    void aConversationIsDueExactlyItsAudiencesPeriodAfterItsLastActivityNotAMillisecondEarlier() {
        Instant due = LAST_ACTIVITY.plus(Duration.ofDays(90));
        PurgeDates.Facts staff = facts("staff", null, null, false);
        assertThat(PurgeDates.dueAt(staff, POLICY)).contains(due);
        assertThat(PurgeDates.isDue(staff, POLICY, due.minusMillis(1))).isFalse();
        assertThat(PurgeDates.isDue(staff, POLICY, due)).isTrue();
        assertThat(PurgeDates.isDue(staff, POLICY, due.plus(Duration.ofDays(3))))
                .as("still due when the job comes late (after a restart)")
                .isTrue();
        assertThat(PurgeDates.dueAt(facts("patient", null, null, false), POLICY))
                .contains(LAST_ACTIVITY.plus(Duration.ofDays(365)));
        assertThat(PurgeDates.dueAt(facts("mixed", null, null, false), POLICY))
                .contains(LAST_ACTIVITY.plus(Duration.ofDays(180)));
    }

    @Test
    void aConversationsOwnPeriodReplacesItsAudiences() {
        assertThat(PurgeDates.dueAt(facts("patient", 14, null, false), POLICY))
                .contains(LAST_ACTIVITY.plus(Duration.ofDays(14)));
    }

    @Test
    void aShorteningNeverOutlivesAShorterPolicyButAnAdminsLengtheningStaysAsSet() {
        RetentionPolicy shorter = new RetentionPolicy(10, 365, 180, 30, 7);
        assertThat(PurgeDates.dueAt(facts("staff", 60, null, false), shorter))
                .as("a shortening to 60 days under a policy since cut to 10")
                .contains(LAST_ACTIVITY.plus(Duration.ofDays(10)));
        assertThat(PurgeDates.dueAt(factsWith("staff", new PurgeDates.Override(400, true), null, false), shorter))
                .contains(LAST_ACTIVITY.plus(Duration.ofDays(400)));
    }

    @Test
    void aDischargeWithSevenDaysGraceMakesItDueOnDaySevenUnlessItsPeriodEndsFirst() {
        Instant discharged = LAST_ACTIVITY.plus(Duration.ofDays(2));
        assertThat(PurgeDates.dueAt(facts("patient", null, discharged, false), POLICY))
                .contains(discharged.plus(Duration.ofDays(7)));
        assertThat(PurgeDates.dueAt(facts("patient", 3, discharged, false), POLICY))
                .contains(LAST_ACTIVITY.plus(Duration.ofDays(3)));
    }

    @Test
    void aHeldConversationIsNeverDueAndIsWrappedUnderTheHoldKey() {
        PurgeDates.Facts held = facts("staff", 1, LAST_ACTIVITY, true);
        assertThat(PurgeDates.dueAt(held, POLICY)).isEmpty();
        assertThat(PurgeDates.isDue(held, POLICY, Instant.MAX)).isFalse();
        assertThat(PurgeDates.bucket(PurgeDates.dueAt(held, POLICY))).isEqualTo("hold");
    }

    @Test
    void theRetentionKeyIsTheUtcDayTheConversationIsDue() {
        assertThat(PurgeDates.bucket(Optional.of(Instant.parse("2027-03-14T23:59:59.999Z"))))
                .isEqualTo("2027-03-14");
        assertThat(PurgeDates.bucket(Optional.of(Instant.parse("2027-03-15T00:00:00Z"))))
                .isEqualTo("2027-03-15");
    }
}
