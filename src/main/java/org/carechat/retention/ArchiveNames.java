package org.carechat.retention;

/** File names inside a patient's archive: a sender's file name made safe to unpack anywhere. */
final class ArchiveNames {

    private static final int MAX = 80;

    private ArchiveNames() {}

    /** Letters, digits, dots, dashes and underscores only (no path, no leading dot), at most {@value #MAX}. */
    static String safe(String name) {
        String cleaned = (name == null ? "" : name).replaceAll("[^A-Za-z0-9._-]", "_");
        cleaned = cleaned.replaceAll("^\\.+", "_");
        if (cleaned.isEmpty()) {
            cleaned = "file";
        }
        return cleaned.length() > MAX ? cleaned.substring(cleaned.length() - MAX) : cleaned;
    }
}
