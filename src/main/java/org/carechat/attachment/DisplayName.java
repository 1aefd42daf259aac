package org.carechat.attachment;

import java.text.Normalizer;
import java.util.Optional;

/**
 * A file name as the sender gave it, made safe to show: only its last path segment, without control and
 * bidirectional-override characters (so {@code "scan\u202Efdp.exe"} cannot pose as a PDF), normalised (NFC) and at
 * most {@value #MAX_LENGTH} characters. It is metadata only: nothing is ever stored under it, and it is clinical
 * content, so it is stored encrypted and never logged.
 */
record DisplayName(String value) {

    static final int MAX_LENGTH = 200;
    static final String FALLBACK = "attachment";

    static DisplayName of(String given) {
        if (given == null) {
            return new DisplayName(FALLBACK);
        }
        String name = Normalizer.normalize(given, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder kept = new StringBuilder();
        name.codePoints().filter(cp -> !hidden(cp)).forEach(kept::appendCodePoint);
        String cleaned = kept.toString().strip();
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1); // no hidden files, no "..", no name that is only an extension
        }
        if (cleaned.isBlank()) {
            return new DisplayName(FALLBACK);
        }
        if (cleaned.codePointCount(0, cleaned.length()) > MAX_LENGTH) {
            cleaned = cleaned.substring(0, cleaned.offsetByCodePoints(0, MAX_LENGTH));
        }
        return new DisplayName(cleaned);
    }

    private static boolean hidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE
                || type == Character.SURROGATE
                || Character.getDirectionality(cp) == Character.DIRECTIONALITY_RIGHT_TO_LEFT_OVERRIDE
                || Character.getDirectionality(cp) == Character.DIRECTIONALITY_LEFT_TO_RIGHT_OVERRIDE;
    }

    /** The extension after the last dot, if any. */
    Optional<String> extension() {
        int dot = value.lastIndexOf('.');
        return dot > 0 && dot < value.length() - 1 ? Optional.of(value.substring(dot + 1)) : Optional.empty();
    }

    /** The name to download under: the type's own extension added when the name has none. */
    String forDownload(FileType type) {
        return extension().isPresent() ? value : value + "." + type.extension;
    }

    /** Never the name itself: it is clinical content. */
    @Override
    public String toString() {
        return "DisplayName[" + value.length() + " characters]";
    }
}
