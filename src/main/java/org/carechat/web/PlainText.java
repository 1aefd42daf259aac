package org.carechat.web;

/**
 * What text CareChat accepts from a client: any Unicode text except control characters (line breaks and tabs are
 * text) and halves of surrogate pairs (which are not characters, and which PostgreSQL refuses to store).
 */
public final class PlainText {

    private PlainText() {}

    /** The index of the first character of {@code text} that is not allowed, or -1 when there is none. */
    public static int forbiddenAt(String text) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)
                    || Character.getType(c) == Character.CONTROL && c != '\n' && c != '\t') {
                return i;
            }
        }
        return -1;
    }

    /** Why the character at {@code index} is refused, for a person: "a control character (U+0007)". */
    public static String describe(String text, int index) {
        char c = text.charAt(index);
        return (Character.isSurrogate(c) ? "half of a surrogate pair" : "a control character") + " (U+"
                + String.format(java.util.Locale.ROOT, "%04X", (int) c) + ")";
    }
}
