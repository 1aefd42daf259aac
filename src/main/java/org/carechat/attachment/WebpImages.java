package org.carechat.attachment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.carechat.web.ApiProblem;

/**
 * WebP photos, cleaned without decoding them (the JDK has no WebP decoder): the RIFF container is walked chunk by
 * chunk, the {@code EXIF} and {@code XMP } chunks are dropped and the VP8X flags that announce them cleared, and
 * anything after the RIFF's declared end is cut off. The canvas size is checked against the pixel limit. No
 * thumbnail is made: browsers show the (cleaned) image itself.
 */
final class WebpImages {

    private static final int VP8X_XMP = 0x04;
    private static final int VP8X_EXIF = 0x08;

    private WebpImages() {}

    /** @throws ApiProblem 400 for a malformed container or an image over the pixel limit */
    static RasterImages.Cleaned clean(byte[] in, long maxPixels) {
        if (in.length < 20 || !ascii(in, 0, "RIFF") || !ascii(in, 8, "WEBP")) {
            throw malformed();
        }
        long riffEnd = 8 + u32(in, 4);
        if (riffEnd > in.length || riffEnd < 20) {
            throw malformed();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, 12);
        int width = 0;
        int height = 0;
        int vp8xFlagsAt = -1;
        int pos = 12;
        while (pos < riffEnd) {
            if (pos + 8 > riffEnd) {
                throw malformed();
            }
            String fourcc = new String(in, pos, 4, StandardCharsets.ISO_8859_1);
            long size = u32(in, pos + 4);
            long next = pos + 8 + size + (size & 1);
            if (pos + 8 + size > riffEnd) {
                throw malformed();
            }
            int data = pos + 8;
            switch (fourcc) {
                case "VP8X" -> {
                    if (size < 10) {
                        throw malformed();
                    }
                    vp8xFlagsAt = out.size() + 8;
                    width = u24(in, data + 4) + 1;
                    height = u24(in, data + 7) + 1;
                }
                case "VP8 " -> {
                    if (width == 0 && size >= 10) {
                        width = (u16(in, data + 6) & 0x3FFF);
                        height = (u16(in, data + 8) & 0x3FFF);
                    }
                }
                case "VP8L" -> {
                    if (width == 0 && size >= 5) {
                        long bits = u32(in, data + 1);
                        width = (int) (bits & 0x3FFF) + 1;
                        height = (int) ((bits >> 14) & 0x3FFF) + 1;
                    }
                }
                default -> {}
            }
            if (!fourcc.equals("EXIF") && !fourcc.equals("XMP ")) {
                out.write(in, pos, (int) Math.min(next, riffEnd) - pos);
            }
            pos = (int) Math.min(next, riffEnd);
        }
        ImageLimits.requireWithin(width, height, maxPixels);
        byte[] cleaned = out.toByteArray();
        if (vp8xFlagsAt >= 0) {
            cleaned[vp8xFlagsAt] &= (byte) ~(VP8X_EXIF | VP8X_XMP);
        }
        putU32(cleaned, 4, cleaned.length - 8);
        return new RasterImages.Cleaned(cleaned, null, width, height);
    }

    private static ApiProblem malformed() {
        return ApiProblem.badRequest("The file looks like a WebP image but is not a well-formed one; it was refused");
    }

    private static boolean ascii(byte[] b, int at, String s) {
        return new String(b, at, 4, StandardCharsets.ISO_8859_1).equals(s);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int u24(byte[] b, int at) {
        return u16(b, at) | (b[at + 2] & 0xFF) << 16;
    }

    private static long u32(byte[] b, int at) {
        return (u24(b, at) | (long) (b[at + 3] & 0xFF) << 24) & 0xFFFFFFFFL;
    }

    private static void putU32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >> (8 * i));
        }
    }
}
