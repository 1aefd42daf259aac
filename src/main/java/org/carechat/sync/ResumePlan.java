package org.carechat.sync;

import java.util.List;
import java.util.Map;

/**
 * Where each of a device's conversations resumes after a (re)connect.
 *
 * @param startAfter per conversation of the user: send the entries after this seq
 * @param lastSeq    per conversation: its newest seq when the plan was made
 * @param resets     conversations the client named but must drop: not (or no longer) a member, or a cursor the
 *                   server never handed out
 * @param patientIds per conversation linked to a patient: the patient (for the audit row of what is sent)
 */
public record ResumePlan(
        Map<String, Long> startAfter, Map<String, Long> lastSeq, List<Reset> resets, Map<String, String> patientIds) {

    public record Reset(String conversationId, String reason) {}
}
