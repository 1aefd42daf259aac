package org.carechat.sms;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a text travels as SMS (3GPP TS 23.038 and 23.040): in the GSM 7-bit default alphabet when every character is in
 * it (its extension table's characters, such as {@code €} and {@code [}, take two septets), otherwise as UCS-2. One SMS
 * holds 160 septets or 70 UCS-2 units; a longer text goes as concatenated parts of 153 septets or 67 units, each
 * carrying a user data header, and a part never ends inside an escape pair or a surrogate pair.
 *
 * <p>The web apps count the same way ({@code static/shared/sms-length.js}), so the composer's "characters and parts"
 * match what is sent.
 */
public final class SmsText {

    /** The GSM 7-bit default alphabet, in code order (0x1B is the escape to the extension table). */
    static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /** The extension table: each character's code after the escape. */
    static final String GSM_EXTENDED = "\f^{}\\[~]|€";

    private static final byte[] GSM_EXTENDED_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};
    private static final int ESCAPE = 0x1B;

    public static final int GSM_SINGLE = 160;
    public static final int GSM_PART = 153;
    public static final int UCS2_SINGLE = 70;
    public static final int UCS2_PART = 67;

    /** The most parts one text may take (a phone joins up to 255; operators often cap lower). */
    public static final int MAX_PARTS = 10;

    /** How a text is encoded on the air. */
    public enum Encoding {
        GSM7,
        UCS2;

        public String code() {
            return this == GSM7 ? "gsm7" : "ucs2";
        }
    }

    /**
     * A text as it goes out: its encoding, and the user data of each part before its header (GSM: one octet per septet,
     * unpacked, as SMPP carries it; UCS-2: big-endian pairs).
     */
    public record Encoded(Encoding encoding, List<byte[]> parts) {}

    private SmsText() {}

    /** GSM 7-bit when every character is in the default alphabet or its extension table, else UCS-2. */
    public static Encoding encodingOf(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ESCAPE || GSM_BASIC.indexOf(c) < 0 && GSM_EXTENDED.indexOf(c) < 0) {
                return Encoding.UCS2;
            }
        }
        return Encoding.GSM7;
    }

    /** How many SMS the text takes (1 for an empty text). */
    public static int partsOf(String text) {
        return encode(text).parts().size();
    }

    /** The text split into the parts it is sent as. */
    public static Encoded encode(String text) {
        Encoding encoding = encodingOf(text);
        List<byte[]> units = encoding == Encoding.GSM7 ? gsmUnits(text) : ucs2Units(text);
        int length = units.stream().mapToInt(u -> u.length).sum();
        int single = encoding == Encoding.GSM7 ? GSM_SINGLE : UCS2_SINGLE * 2;
        int part = encoding == Encoding.GSM7 ? GSM_PART : UCS2_PART * 2;
        List<byte[]> parts = new ArrayList<>();
        if (length <= single) {
            parts.add(join(units));
            return new Encoded(encoding, parts);
        }
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (byte[] unit : units) {
            if (current.size() + unit.length > part) {
                parts.add(current.toByteArray());
                current.reset();
            }
            current.writeBytes(unit);
        }
        if (current.size() > 0) {
            parts.add(current.toByteArray());
        }
        return new Encoded(encoding, parts);
    }

    /** Each character as its septets (one, or two for the extension table), one octet per septet. */
    private static List<byte[]> gsmUnits(String text) {
        List<byte[]> units = new ArrayList<>(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int basic = GSM_BASIC.indexOf(c);
            units.add(
                    basic >= 0
                            ? new byte[] {(byte) basic}
                            : new byte[] {ESCAPE, GSM_EXTENDED_CODES[GSM_EXTENDED.indexOf(c)]});
        }
        return units;
    }

    /** Each character as UTF-16BE, a surrogate pair kept together. */
    private static List<byte[]> ucs2Units(String text) {
        List<byte[]> units = new ArrayList<>(text.length());
        int i = 0;
        while (i < text.length()) {
            int width = Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length() ? 2 : 1;
            units.add(text.substring(i, i + width).getBytes(StandardCharsets.UTF_16BE));
            i += width;
        }
        return units;
    }

    private static byte[] join(List<byte[]> units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        units.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /**
     * Decodes user data as the SMS centre delivered it, by its SMPP {@code data_coding}: the GSM default alphabet
     * (unpacked septets), IA5/ASCII, Latin-1, UCS-2, or 8-bit data (read as Latin-1, so nothing is dropped).
     */
    public static String decode(int dataCoding, byte[] data) {
        return switch (alphabetOf(dataCoding & 0xFF)) {
            case "gsm" -> decodeGsm(data);
            case "ascii" -> new String(data, StandardCharsets.US_ASCII);
            case "ucs2" -> new String(data, StandardCharsets.UTF_16BE);
            default -> new String(data, StandardCharsets.ISO_8859_1);
        };
    }

    /** SMPP's own codes below 0x10, then the GSM data coding groups (TS 23.038 §4). */
    private static String alphabetOf(int dcs) {
        if (dcs < 0x10) {
            return switch (dcs) {
                case 0x00 -> "gsm";
                case 0x01 -> "ascii";
                case 0x08 -> "ucs2";
                default -> "latin1";
            };
        }
        if ((dcs & 0xC0) == 0x00) {
            return switch ((dcs >> 2) & 0x03) {
                case 1 -> "latin1";
                case 2 -> "ucs2";
                default -> "gsm";
            };
        }
        if ((dcs & 0xF0) == 0xF0) {
            return (dcs & 0x04) != 0 ? "latin1" : "gsm";
        }
        return (dcs & 0xF0) == 0xE0 ? "ucs2" : "gsm";
    }

    private static String decodeGsm(byte[] data) {
        StringBuilder text = new StringBuilder(data.length);
        for (int i = 0; i < data.length; i++) {
            int code = data[i] & 0x7F;
            if (code == ESCAPE) {
                int at = i + 1 < data.length ? indexOf(GSM_EXTENDED_CODES, data[++i] & 0x7F) : -1;
                text.append(at >= 0 ? GSM_EXTENDED.charAt(at) : ' ');
            } else {
                text.append(GSM_BASIC.charAt(code));
            }
        }
        return text.toString();
    }

    private static int indexOf(byte[] codes, int code) {
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == code) {
                return i;
            }
        }
        return -1;
    }
}
