package org.carechat.urgent;

import java.util.List;

/**
 * Urgent messages of a date range, per care team of their recipients (a recipient in two teams counts in both; one
 * in none counts under {@code teamId} null). Only first alerts count, not their escalation hand-overs.
 *
 * @param from epoch ms, inclusive
 * @param to   epoch ms, exclusive
 */
public record UrgentReport(long from, long to, List<Row> teams) {

    /**
     * @param alerts                  urgent alerts raised for the team's members in the range
     * @param acknowledged            how many of them were acknowledged (by anyone)
     * @param medianSecondsToAcknowledge time from the message to its acknowledgement, median; null when none
     * @param p90SecondsToAcknowledge the 90th percentile (nearest rank); null when none
     * @param escalations             how many escalated
     */
    public record Row(
            String teamId,
            String teamName,
            int alerts,
            int acknowledged,
            Long medianSecondsToAcknowledge,
            Long p90SecondsToAcknowledge,
            int escalations) {}
}
