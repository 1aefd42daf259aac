package org.carechat.urgent;

/**
 * One staff member's duty to acknowledge one urgent message: ids and times only, never the text.
 *
 * @param escalatedFrom the alert this one was escalated from (its recipient did not acknowledge in time), or null
 * @param patientLinked the conversation is linked to a patient: escalation passes on no text
 * @param escalateAt    when it escalates unless acknowledged (epoch ms); null once acknowledged or escalated, and
 *                      for an escalated alert (escalation happens once)
 */
public record UrgentAlert(
        String id,
        String orgId,
        String messageId,
        String conversationId,
        long seq,
        String senderId,
        String recipientId,
        String escalatedFrom,
        long createdAt,
        Long escalateAt,
        Long acknowledgedAt,
        String acknowledgedBy,
        Long escalatedAt,
        String escalatedTo,
        boolean patientLinked,
        String nudgeState) {

    public boolean pending() {
        return acknowledgedAt == null;
    }
}
