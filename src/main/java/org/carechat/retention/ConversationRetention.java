package org.carechat.retention;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A conversation's retention as its details screen shows it.
 *
 * @param policyDays   the organisation's period for the conversation's audience
 * @param overrideDays its own period, or {@code null} when it has none
 * @param lengthened   its own period was set longer than the policy by an admin (otherwise it only shortens)
 * @param days         the period in force after the last activity
 * @param dueAt        when it is due to be purged (epoch ms), sooner after a discharge; {@code null} while held
 * @param held         under legal hold: not purged while it is
 * @param mayLengthen  the caller may set a period longer than the policy (an admin)
 */
@Schema(name = "ConversationRetention")
public record ConversationRetention(
        String conversationId,
        int policyDays,
        Integer overrideDays,
        boolean lengthened,
        int days,
        Long dueAt,
        boolean held,
        boolean mayLengthen) {}
