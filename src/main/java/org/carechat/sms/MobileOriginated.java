package org.carechat.sms;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;

/**
 * One {@code deliver_sm} carrying a patient's text (not a delivery receipt), as read off the wire: who sent it, to
 * which of the practices' numbers, its text decoded, and — for one part of a concatenated SMS — which part of which
 * message it is, from the user data header (UDHI set; 8- or 16-bit reference) or the SAR parameters.
 *
 * @param smscId  the SMS centre's id of the message when it sends one (the TLV named by {@code
 *                carechat.sms.message-id-tag}), else null
 * @param smscTime the SMS centre's timestamp when the PDU carries one ({@code schedule_delivery_time}), else null
 * @param part    which part of a concatenated SMS this is, or null for a whole message
 */
record MobileOriginated(String destination, String source, String text, String smscId, String smscTime, Part part) {

    /** @param reference the sender's reference shared by every part of one message */
    record Part(int reference, int total, int number) {}

    private static final short SAR_MSG_REF_NUM = 0x020C;
    private static final short SAR_TOTAL_SEGMENTS = 0x020E;
    private static final short SAR_SEGMENT_SEQNUM = 0x020F;
    private static final short MESSAGE_PAYLOAD = 0x0424;

    /** No text, no numbers: what is logged when a message cannot be stored. */
    @Override
    public String toString() {
        return "MobileOriginated[part=" + part + ", characters=" + text.length() + "]";
    }

    /**
     * Reads a {@code deliver_sm}. The text is decoded by its data coding; a message too short for the header it claims
     * is kept whole (nothing is dropped).
     *
     * @param idTag the TLV tag of the SMS centre's message id, or 0 for none
     */
    static MobileOriginated of(DeliverSm pdu, short idTag) {
        byte[] data = pdu.getShortMessage() == null ? new byte[0] : pdu.getShortMessage();
        byte[] payload = value(pdu, MESSAGE_PAYLOAD);
        if (data.length == 0 && payload != null) {
            data = payload;
        }
        Part part = null;
        if (pdu.isUdhi() && data.length > 0 && (data[0] & 0xFF) + 1 <= data.length) {
            int headerLength = (data[0] & 0xFF) + 1;
            part = concatenation(Arrays.copyOfRange(data, 1, headerLength));
            data = Arrays.copyOfRange(data, headerLength, data.length);
        }
        if (part == null) {
            part = sar(pdu);
        }
        byte[] id = idTag == 0 ? null : value(pdu, idTag);
        String schedule = pdu.getScheduleDeliveryTime();
        return new MobileOriginated(
                pdu.getDestAddress(),
                pdu.getSourceAddr(),
                SmsText.decode(pdu.getDataCoding(), data),
                id == null ? null : cString(id),
                schedule == null || schedule.isBlank() ? null : schedule,
                part);
    }

    /** The concatenation element of a user data header (IEI 0x00, 8-bit reference; IEI 0x08, 16-bit), if any. */
    private static Part concatenation(byte[] header) {
        int i = 0;
        while (i + 1 < header.length) {
            int iei = header[i] & 0xFF;
            int length = header[i + 1] & 0xFF;
            int start = i + 2;
            if (start + length > header.length) {
                return null;
            }
            if (iei == 0x00 && length == 3) {
                return part(header[start] & 0xFF, header[start + 1] & 0xFF, header[start + 2] & 0xFF);
            }
            if (iei == 0x08 && length == 4) {
                int reference = ((header[start] & 0xFF) << 8) | (header[start + 1] & 0xFF);
                return part(reference, header[start + 2] & 0xFF, header[start + 3] & 0xFF);
            }
            i = start + length;
        }
        return null;
    }

    private static Part sar(DeliverSm pdu) {
        byte[] reference = value(pdu, SAR_MSG_REF_NUM);
        byte[] total = value(pdu, SAR_TOTAL_SEGMENTS);
        byte[] number = value(pdu, SAR_SEGMENT_SEQNUM);
        if (reference == null || total == null || number == null || total.length != 1 || number.length != 1) {
            return null;
        }
        int ref = 0;
        for (byte b : reference) {
            ref = (ref << 8) | (b & 0xFF);
        }
        return part(ref, total[0] & 0xFF, number[0] & 0xFF);
    }

    /** A part that makes sense (1 ≤ number ≤ total, total ≥ 2); anything else is treated as a whole message. */
    private static Part part(int reference, int total, int number) {
        return total >= 2 && number >= 1 && number <= total ? new Part(reference, total, number) : null;
    }

    /** A TLV's value as sent (its serialized form is tag, length, value). */
    private static byte[] value(DeliverSm pdu, short tag) {
        OptionalParameter parameter = pdu.getOptionalParameter(tag);
        if (parameter == null) {
            return null;
        }
        byte[] serialized = parameter.serialize();
        return serialized.length < 4 ? null : Arrays.copyOfRange(serialized, 4, serialized.length);
    }

    private static String cString(byte[] value) {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        String id = new String(value, 0, end, StandardCharsets.US_ASCII).strip();
        return id.isEmpty() || id.length() > 64 ? null : id;
    }
}
