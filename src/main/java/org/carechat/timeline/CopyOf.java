package org.carechat.timeline;

/**
 * What a text entry is a copy of, when it is one: a message handed to a colleague. Stored with the copy
 * ({@code message.copy_of}, {@code message.copy_reason}) and carried by the events of its send, so that a copy is
 * never handed on again.
 *
 * @param messageId the original message
 */
public record CopyOf(Reason reason, String messageId) {

    public enum Reason {
        /** Forwarded to a delegate of its recipient, who was away (docs/urgent.md §Forwarding). */
        FORWARDED("forwarded"),
        /** An urgent message not acknowledged in time, handed to the colleague it escalated to. */
        ESCALATED("escalated");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Reason of(String code) {
            for (Reason reason : values()) {
                if (reason.code.equals(code)) {
                    return reason;
                }
            }
            throw new IllegalArgumentException("no copy reason is called " + code);
        }
    }
}
