package org.carechat.attachment;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a PDF must not hold to be accepted: active content (script, launch actions, embedded files, forms that run
 * code) and HTML or SVG markup (a PDF/HTML polyglot a browser could be talked into rendering as a page).
 *
 * <p>PDFs are never rewritten (that needs a full PDF library) and always served as downloads with {@code nosniff}
 * and a sandboxing CSP, so this is a second line: names hidden in compressed object streams are not seen.
 */
final class PdfCheck {

    /** PDF names that start code or carry other files; {@code #xx} escapes are decoded before comparing. */
    private static final Set<String> ACTIVE_NAMES = Set.of(
            "JavaScript",
            "JS",
            "Launch",
            "EmbeddedFile",
            "EmbeddedFiles",
            "RichMedia",
            "XFA",
            "ImportData",
            "SubmitForm");

    /** Long enough not to turn up by chance in compressed data (a 20 MB scan), unlike {@code <svg}. */
    private static final String[] MARKUP = {"<script", "<html", "<!doctype", "<iframe", "javascript:"};

    private PdfCheck() {}

    /** @return why the PDF is refused, for the sender; empty when it is accepted */
    static Optional<String> refusal(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        String lower = text.toLowerCase(Locale.ROOT);
        for (String mark : MARKUP) {
            if (lower.contains(mark)) {
                return Optional.of("The PDF also contains web page markup (a file that is two things at once); "
                        + "it was refused. Print it to a new PDF and send that");
            }
        }
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == 's' && startsStream(text, i)) {
                int end = text.indexOf("endstream", i + 6);
                i = end < 0 ? text.length() : end + 9; // binary stream data: a "/JS" there is chance, not a name
            } else if (c == '/') {
                if (ACTIVE_NAMES.contains(name(text, i + 1))) {
                    return Optional.of("The PDF contains active content (scripts, actions or embedded files); it "
                            + "was refused. Print it to a new PDF and send that");
                }
                i++;
            } else {
                i++;
            }
        }
        return Optional.empty();
    }

    /** The keyword {@code stream} (not {@code endstream}) followed by its end of line: stream data follows. */
    private static boolean startsStream(String text, int at) {
        return text.startsWith("stream", at)
                && at + 6 < text.length()
                && (text.charAt(at + 6) == '\r' || text.charAt(at + 6) == '\n')
                && !(at >= 3 && text.startsWith("end", at - 3));
    }

    /** The PDF name starting at {@code from}, with {@code #xx} escapes decoded. */
    private static String name(String text, int from) {
        StringBuilder name = new StringBuilder();
        int i = from;
        while (i < text.length() && name.length() < 32) {
            char c = text.charAt(i);
            if (c == '#' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                name.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else if (c > 32 && c < 127 && "()<>[]{}/%".indexOf(c) < 0) {
                name.append(c);
                i++;
            } else {
                break;
            }
        }
        return name.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
