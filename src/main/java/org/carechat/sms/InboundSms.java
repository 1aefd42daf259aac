package org.carechat.sms;

/**
 * A text a patient sent to one of the practices' numbers, whole (the parts of a concatenated SMS put together),
 * decoded and recognised as new: handed once to the {@link InboundSmsHandler}.
 *
 * @param id          the id under which its receipt is recorded; the same SMS delivered again never gets another
 * @param destination the number it was sent to, as the SMS centre gave it (a practice's number or short code)
 * @param sender      the sender's number as the SMS centre gave it (international digits, or a name)
 * @param incomplete  some parts of a concatenated SMS never arrived: {@code text} holds the others, with a mark where
 *                    each missing part was
 */
public record InboundSms(
        String id, String destination, String sender, String text, long receivedAt, boolean incomplete) {

    /** Ids and sizes only: a patient's number and words never reach a log through this. */
    @Override
    public String toString() {
        return "InboundSms[id=" + id + ", characters=" + text.length() + ", incomplete=" + incomplete + "]";
    }
}
