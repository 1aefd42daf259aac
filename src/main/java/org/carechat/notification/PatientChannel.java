package org.carechat.notification;

/**
 * A way to reach a patient outside CareChat: SMS or e-mail. Implementations send what they are given and nothing
 * else; callers never pass clinical content, only a notice that a secure message waits, or a one-time code. Other
 * providers are added by implementing this and registering the bean.
 */
public interface PatientChannel {

    /** {@code sms} or {@code email}: the names organisations list in their notice rules. */
    String name();

    /** Whether this installation has the channel configured (an SMTP host, an SMS centre). */
    boolean available();

    /**
     * The address of a patient record on this channel, checked and normalised (a mobile number in E.164 form, an
     * e-mail address), or null when the record has none that works.
     */
    String addressOf(String mobile, String email);

    /**
     * Sends one text.
     *
     * @param subject for e-mail; ignored by SMS
     * @return the provider's id of the message (SMS: the SMS centre's message id, for its delivery report), or null
     * @throws SendFailed when the provider refused it or could not be reached (nothing is known to have been sent)
     */
    String send(String address, String subject, String text);

    /**
     * A send that did not go out, or whose fate is unknown ({@code maybeSent}: the provider took it but did not answer
     * in time). The message names the provider's answer, never the address or the text.
     */
    final class SendFailed extends RuntimeException {

        private final boolean maybeSent;
        private final boolean unreachable;

        public SendFailed(String what, Throwable cause) {
            this(what, cause, false);
        }

        public SendFailed(String what, Throwable cause, boolean maybeSent) {
            this(what, cause, maybeSent, false);
        }

        private SendFailed(String what, Throwable cause, boolean maybeSent, boolean unreachable) {
            super(what, cause);
            this.maybeSent = maybeSent;
            this.unreachable = unreachable;
        }

        /** The provider could not be reached at all: nothing was sent, and the same send may work later. */
        public static SendFailed unreachable(String what, Throwable cause) {
            return new SendFailed(what, cause, false, true);
        }

        /** Nothing was sent because the provider could not be reached: worth trying again later. */
        public boolean unreachable() {
            return unreachable;
        }

        /** The provider may have sent it: sending again could send it twice. */
        public boolean maybeSent() {
            return maybeSent;
        }
    }
}
