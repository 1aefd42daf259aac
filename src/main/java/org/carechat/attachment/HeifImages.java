package org.carechat.attachment;

import java.nio.charset.StandardCharsets;
import org.carechat.web.ApiProblem;

/**
 * HEIC/HEIF photos, checked without decoding them (the JDK has no HEVC decoder). Their metadata are items of the
 * {@code meta} box ({@code Exif}, and XMP as a {@code mime} item), which cannot be cut out without rewriting every
 * item location; so a HEIF that carries any is refused with a hint to send it as JPEG (phones convert when they
 * share), and one without is kept as it is, downloaded rather than shown. Image sizes ({@code ispe}) are checked
 * against the pixel limit; a box structure that does not add up is refused.
 */
final class HeifImages {

    private HeifImages() {}

    static RasterImages.Cleaned check(byte[] in, FileType type, long maxPixels) {
        Scan scan = new Scan();
        walk(in, 0, in.length, scan, 0);
        if (scan.metadata) {
            throw ApiProblem.badRequest("This " + type.label + " carries metadata (such as the place it was taken) "
                    + "that cannot be removed from this format; it was refused. Send it as a JPEG instead");
        }
        if (!scan.sawMeta) {
            throw malformed(type);
        }
        ImageLimits.requireWithin(Math.max(1, scan.width), Math.max(1, scan.height), maxPixels);
        return new RasterImages.Cleaned(in, null, scan.width, scan.height);
    }

    private static final class Scan {
        boolean metadata;
        boolean sawMeta;
        int width;
        int height;
    }

    /** Walks the boxes in {@code [from, to)}; descends into the containers that hold items and properties. */
    private static void walk(byte[] b, int from, int to, Scan scan, int depth) {
        int pos = from;
        while (pos < to) {
            if (pos + 8 > to || depth > 8) {
                throw malformed(null);
            }
            long size = u32(b, pos);
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (pos + 16 > to) {
                    throw malformed(null);
                }
                size = u32(b, pos + 8) << 32 | u32(b, pos + 12);
                header = 16;
            } else if (size == 0) {
                size = to - pos;
            }
            if (size < header || pos + size > to) {
                throw malformed(null);
            }
            int end = (int) (pos + size);
            int body = pos + header;
            switch (type) {
                case "meta" -> {
                    scan.sawMeta = true;
                    walk(b, body + 4, end, scan, depth + 1); // a full box: version and flags first
                }
                case "iprp", "ipco" -> walk(b, body, end, scan, depth + 1);
                case "iinf" -> {
                    int version = b[body] & 0xFF;
                    walk(b, body + 4 + (version == 0 ? 2 : 4), end, scan, depth + 1);
                }
                case "infe" -> {
                    int version = b[body] & 0xFF;
                    if (version >= 2) {
                        int typeAt = body + 4 + (version == 2 ? 2 : 4) + 2;
                        if (typeAt + 4 > end) {
                            throw malformed(null);
                        }
                        String itemType = new String(b, typeAt, 4, StandardCharsets.ISO_8859_1);
                        scan.metadata |= itemType.equals("Exif") || itemType.equals("mime");
                    }
                }
                case "ispe" -> {
                    if (body + 12 > end) {
                        throw malformed(null);
                    }
                    long w = u32(b, body + 4);
                    long h = u32(b, body + 8);
                    if (w * h > (long) scan.width * scan.height) {
                        scan.width = (int) Math.min(w, Integer.MAX_VALUE);
                        scan.height = (int) Math.min(h, Integer.MAX_VALUE);
                    }
                }
                case "uuid", "Exif", "xml " -> scan.metadata |= depth == 0 || type.equals("Exif");
                default -> { }
            }
            pos = end;
        }
    }

    private static ApiProblem malformed(FileType type) {
        return ApiProblem.badRequest("The file looks like a " + (type == null ? "HEIC/HEIF image" : type.label)
                + " but is not a well-formed one; it was refused");
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}
