package org.carechat.retention;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How long an organisation keeps conversations after their last activity, in days, per audience; and how long after
 * a patient's discharge their linked conversations are kept (docs/retention.md). Contact requests have their period
 * here before the feature that makes them exists, so they are born under a policy.
 */
@Schema(name = "RetentionPolicy")
public record RetentionPolicy(
        int staffDays, int patientDays, int mixedDays, int contactRequestDays, int dischargeGraceDays) {

    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 3650;
    public static final int MAX_GRACE_DAYS = 365;

    /** What an organisation keeps until its admin says otherwise; the reasons are in docs/retention.md. */
    public static final RetentionPolicy DEFAULTS = new RetentionPolicy(90, 365, 365, 30, 7);

    /** The period of a conversation of this audience ({@code staff}, {@code patient} or {@code mixed}). */
    public int daysFor(String audience) {
        return switch (audience) {
            case "staff" -> staffDays;
            case "patient" -> patientDays;
            case "mixed" -> mixedDays;
            default -> throw new IllegalArgumentException("no retention period for audience " + audience);
        };
    }

    /** Why this policy cannot be used, naming the field, or {@code null} when it can. */
    public String problem() {
        if (outOfRange(staffDays)) {
            return periodProblem("staffDays");
        }
        if (outOfRange(patientDays)) {
            return periodProblem("patientDays");
        }
        if (outOfRange(mixedDays)) {
            return periodProblem("mixedDays");
        }
        if (outOfRange(contactRequestDays)) {
            return periodProblem("contactRequestDays");
        }
        if (dischargeGraceDays < 0 || dischargeGraceDays > MAX_GRACE_DAYS) {
            return "dischargeGraceDays must be 0 to " + MAX_GRACE_DAYS + " days";
        }
        return null;
    }

    private static boolean outOfRange(int days) {
        return days < MIN_DAYS || days > MAX_DAYS;
    }

    private static String periodProblem(String field) {
        return field + " must be " + MIN_DAYS + " to " + MAX_DAYS + " days";
    }
}
