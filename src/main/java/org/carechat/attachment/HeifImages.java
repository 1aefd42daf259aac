package org.carechat.attachment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.carechat.web.ApiProblem;

/**
 * HEIC/HEIF photos, cleaned without decoding them (the JDK has no HEVC decoder). Their metadata are items of the
 * {@code meta} box: {@code Exif}, and XMP as a {@code mime} item. Cutting an item out would mean rewriting every item
 * location, so instead its bytes are overwritten with zeros in place (found through the {@code iloc} box): the
 * picture is untouched, the metadata unreadable. A file whose metadata cannot be located that way (data in another
 * file or built from other items, or a top-level {@code uuid} box such as some cameras' XMP) is refused, and so is a
 * box structure that does not add up. Image sizes ({@code ispe}) are checked against the pixel limit. The file is
 * downloaded, not shown: browsers other than Safari cannot show HEIC.
 */
final class HeifImages {

    private HeifImages() {}

    static RasterImages.Cleaned clean(byte[] in, FileType type, long maxPixels) {
        Scan scan = new Scan();
        walk(in, 0, in.length, scan, 0);
        if (!scan.sawMeta) {
            throw malformed(type);
        }
        if (scan.unlocatableMetadata) {
            throw ApiProblem.badRequest("This " + type.label + " carries metadata (such as the place it was taken) "
                    + "that cannot be removed from it; it was refused. Send it as a JPEG instead");
        }
        ImageLimits.requireWithin(Math.max(1, scan.width), Math.max(1, scan.height), maxPixels);
        byte[] out = in.clone();
        for (Extent e : scan.extents) {
            if (!scan.metadataItems.contains(e.item())) {
                continue;
            }
            if (e.length() <= 0 || e.offset() < 0 || e.offset() + e.length() > out.length) {
                throw malformed(type);
            }
            java.util.Arrays.fill(out, (int) e.offset(), (int) (e.offset() + e.length()), (byte) 0);
        }
        for (long item : scan.metadataItems) {
            if (scan.extents.stream().noneMatch(e -> e.item() == item)) {
                throw malformed(type); // a metadata item with no location we could clear
            }
        }
        return new RasterImages.Cleaned(out, null, scan.width, scan.height);
    }

    private record Extent(long item, long offset, long length) {}

    private static final class Scan {
        boolean sawMeta;
        boolean unlocatableMetadata;
        final Set<Long> metadataItems = new HashSet<>();
        final Set<Long> notInThisFile = new HashSet<>();
        final List<Extent> extents = new ArrayList<>();
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
                case "infe" -> infe(b, body, end, scan);
                case "iloc" -> iloc(b, body, end, scan);
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
                case "uuid", "Exif", "xml " -> scan.unlocatableMetadata |= depth == 0 || type.equals("Exif");
                default -> {}
            }
            pos = end;
        }
        if (depth == 0) {
            scan.unlocatableMetadata |= scan.metadataItems.stream().anyMatch(scan.notInThisFile::contains);
        }
    }

    private static void infe(byte[] b, int body, int end, Scan scan) {
        int version = b[body] & 0xFF;
        if (version < 2) {
            return; // version 0 and 1 entries carry no item type; HEIF requires 2 or 3
        }
        int idSize = version == 2 ? 2 : 4;
        int typeAt = body + 4 + idSize + 2;
        if (typeAt + 4 > end) {
            throw malformed(null);
        }
        long item = read(b, body + 4, idSize);
        String itemType = new String(b, typeAt, 4, StandardCharsets.ISO_8859_1);
        if (itemType.equals("Exif") || itemType.equals("mime")) {
            scan.metadataItems.add(item);
        }
    }

    /** Item locations: for construction method 0, offsets in this file (base offset plus extent offset). */
    private static void iloc(byte[] b, int body, int end, Scan scan) {
        int version = b[body] & 0xFF;
        int at = body + 4;
        int offsetSize = (b[at] & 0xFF) >> 4;
        int lengthSize = b[at] & 0x0F;
        int baseSize = (b[at + 1] & 0xFF) >> 4;
        int indexSize = version == 1 || version == 2 ? b[at + 1] & 0x0F : 0;
        at += 2;
        int countSize = version < 2 ? 2 : 4;
        long items = read(b, at, countSize);
        at += countSize;
        for (long i = 0; i < items; i++) {
            if (at + countSize > end) {
                throw malformed(null);
            }
            long item = read(b, at, countSize);
            at += countSize;
            int method = 0;
            if (version == 1 || version == 2) {
                method = (int) (read(b, at, 2) & 0x0F);
                at += 2;
            }
            long reference = read(b, at, 2);
            at += 2;
            long base = read(b, at, baseSize);
            at += baseSize;
            long extents = read(b, at, 2);
            at += 2;
            if (method != 0 || reference != 0) {
                scan.notInThisFile.add(item);
            }
            for (long e = 0; e < extents; e++) {
                at += indexSize;
                long offset = read(b, at, offsetSize);
                at += offsetSize;
                long length = read(b, at, lengthSize);
                at += lengthSize;
                if (at > end) {
                    throw malformed(null);
                }
                if (method == 0 && reference == 0) {
                    scan.extents.add(new Extent(item, base + offset, length));
                }
            }
        }
    }

    /** A big-endian unsigned number of {@code size} bytes (0, 2, 4 or 8). */
    private static long read(byte[] b, int at, int size) {
        if (size != 0 && size != 2 && size != 4 && size != 8 || at + size > b.length) {
            throw malformed(null);
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        return v;
    }

    private static ApiProblem malformed(FileType type) {
        return ApiProblem.badRequest("The file looks like a " + (type == null ? "HEIC/HEIF image" : type.label)
                + " but is not a well-formed one; it was refused");
    }

    private static long u32(byte[] b, int at) {
        return read(b, at, 4);
    }
}
