package org.carechat.attachment;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The kinds of file an attachment may be, each as its content is detected and as browsers may be given it. */
enum FileType {
    JPEG("image/jpeg", "JPEG image", "jpg", Set.of("jpg", "jpeg", "jpe", "jfif"), true),
    PNG("image/png", "PNG image", "png", Set.of("png"), true),
    WEBP("image/webp", "WebP image", "webp", Set.of("webp"), true),
    HEIC("image/heic", "HEIC image", "heic", Set.of("heic", "heif"), false),
    HEIF("image/heif", "HEIF image", "heif", Set.of("heic", "heif"), false),
    PDF("application/pdf", "PDF document", "pdf", Set.of("pdf"), false);

    final String mediaType;
    final String label;
    final String extension;
    final Set<String> extensions;
    /** Safe to show in the page ({@code Content-Disposition: inline}); else it is only ever downloaded. */
    final boolean inline;

    FileType(String mediaType, String label, String extension, Set<String> extensions, boolean inline) {
        this.mediaType = mediaType;
        this.label = label;
        this.extension = extension;
        this.extensions = extensions;
        this.inline = inline;
    }

    static Optional<FileType> of(String mediaType) {
        return Arrays.stream(values())
                .filter(t -> t.mediaType.equals(mediaType))
                .findFirst();
    }

    /** The type a file extension names, among ours; empty for an extension of something else. */
    static Optional<FileType> byExtension(String extension) {
        String e = extension.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.extensions.contains(e)).findFirst();
    }

    boolean isImage() {
        return mediaType.startsWith("image/");
    }

    /** "JPEG image, PNG image and PDF document": for refusals that say what is allowed. */
    static String describe(List<FileType> types) {
        List<String> labels = types.stream().map(t -> t.label).distinct().toList();
        if (labels.size() == 1) {
            return labels.getFirst();
        }
        return String.join(", ", labels.subList(0, labels.size() - 1)) + " and " + labels.getLast();
    }
}
