package org.carechat.push;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a push carries to the service worker, encrypted to the device (RFC 8291). It names at most who sent and
 * where to open — a person's display name and opaque ids — never message text, a topic or a patient's name.
 *
 * @param kind   {@code message}, {@code urgent} (stays until acted on; offers Acknowledge) or {@code clear} (close
 *               the notification with this tag: acknowledged elsewhere)
 * @param tag    the notification's tag: a newer one with the same tag replaces it
 * @param c      the conversation to open (an opaque id)
 * @param seq    the urgent message to acknowledge
 * @param silent true when the person turned alert sounds off
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PushPayload(String kind, String title, String body, String tag, String c, Long seq, Boolean silent) {

    static PushPayload message(String from, String conversationId, boolean silent) {
        return new PushPayload(
                "message", "CareChat", "New message from " + from, "c-" + conversationId, conversationId, null, silent);
    }

    static PushPayload urgent(String from, String conversationId, long seq) {
        return new PushPayload(
                "urgent",
                "Urgent message from " + from,
                "Needs your acknowledgement",
                urgentTag(conversationId, seq),
                conversationId,
                seq,
                false);
    }

    static PushPayload clear(String conversationId, long seq) {
        return new PushPayload("clear", null, null, urgentTag(conversationId, seq), conversationId, seq, null);
    }

    private static String urgentTag(String conversationId, long seq) {
        return "urgent-" + conversationId + "-" + seq;
    }
}
