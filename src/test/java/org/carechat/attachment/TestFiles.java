package org.carechat.attachment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** The T-FILE-01 upload corpus, made in memory: good files and the tricks a bad one plays. */
final class TestFiles {

    private TestFiles() {}

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 30, 30));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return write(image, "png");
    }

    static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 120, 200));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return write(image, "jpg");
    }

    /**
     * A JPEG with an EXIF segment holding GPS coordinates (51°30'N, 0°7'W) and {@code canary} as the image
     * description and the GPS area information: a phone photo of a patient's home.
     */
    static byte[] jpegWithGps(int width, int height, String canary) {
        byte[] jpeg = jpeg(width, height);
        byte[] text = (canary + "\0").getBytes(StandardCharsets.US_ASCII);
        // TIFF, big-endian. IFD0 at 8: ImageDescription (ASCII), GPSInfo pointer. GPS IFD after it.
        ByteBuffer tiff = ByteBuffer.allocate(512);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        int ifd0Entries = 2;
        int ifd0End = 8 + 2 + ifd0Entries * 12 + 4;
        int descAt = ifd0End;
        int gpsAt = descAt + text.length + (text.length & 1);
        tiff.putShort((short) ifd0Entries);
        entry(tiff, 0x010E, 2, text.length, descAt); // ImageDescription
        entry(tiff, 0x8825, 4, 1, gpsAt); // GPSInfo IFD pointer
        tiff.putInt(0);
        tiff.put(text);
        if ((text.length & 1) == 1) {
            tiff.put((byte) 0);
        }
        int gpsEntries = 5;
        int gpsEnd = gpsAt + 2 + gpsEntries * 12 + 4;
        int latAt = gpsEnd;
        int lonAt = latAt + 24;
        int areaAt = lonAt + 24;
        tiff.position(gpsAt);
        tiff.putShort((short) gpsEntries);
        tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
        entry(tiff, 0x0002, 5, 3, latAt);
        tiff.putShort((short) 0x0003).putShort((short) 2).putInt(2).put(new byte[] {'W', 0, 0, 0});
        entry(tiff, 0x0004, 5, 3, lonAt);
        entry(tiff, 0x001C, 7, text.length, areaAt); // GPSAreaInformation
        tiff.putInt(0);
        tiff.position(latAt);
        tiff.putInt(51).putInt(1).putInt(30).putInt(1).putInt(0).putInt(1);
        tiff.putInt(0).putInt(1).putInt(7).putInt(1).putInt(0).putInt(1);
        tiff.put(text);
        byte[] tiffBytes = new byte[tiff.position()];
        tiff.flip();
        tiff.get(tiffBytes);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        byte[] exifHeader = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + exifHeader.length + tiffBytes.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(exifHeader);
        out.writeBytes(tiffBytes);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int count, int offset) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(offset);
    }

    /** A real 1 × 1 PNG whose header then claims {@code width} × {@code height} (CRC fixed): a pixel flood. */
    static byte[] pngClaiming(int width, int height) {
        byte[] png = png(1, 1);
        ByteBuffer b = ByteBuffer.wrap(png);
        b.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17); // "IHDR" and its 13 bytes
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    /** A valid JPEG with a script in a comment and an HTML page after its end: a JPEG/HTML polyglot. */
    static byte[] jpegHtmlPolyglot() {
        byte[] jpeg = jpeg(16, 16);
        byte[] html = ascii("<html><body><script>alert('polyglot')</script></body></html>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xFE); // COM segment
        out.write((html.length + 2) >> 8);
        out.write((html.length + 2) & 0xFF);
        out.writeBytes(html);
        out.write(jpeg, 2, jpeg.length - 2);
        out.writeBytes(html);
        return out.toByteArray();
    }

    static byte[] gifJsPolyglot() {
        return ascii("GIF89a/*\u0001\u0001\u0000\u0000\u00ff\u00ff\u00ff,\u0000\u0000\u0000\u0000\u0001\u0000\u0001"
                + "\u0000\u0000\u0002\u0002D\u0001\u0000;*/=1;alert('gif polyglot');");
    }

    static byte[] pdf(String text) {
        return ascii("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
                + "4 0 obj << /Length 44 >>\nstream\nBT /F1 12 Tf 72 712 Td (" + text + ") Tj ET\nendstream\nendobj\n"
                + "trailer << /Root 1 0 R >>\n%%EOF\n");
    }

    static byte[] pdfWithJavaScript() {
        return ascii("%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /J#61vaScript /JS (app.alert(1)) >> "
                + ">> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    }

    static byte[] pdfHtmlPolyglot() {
        return ascii("%PDF-1.4\n%<html><body><script>alert('pdf polyglot')</script></body></html>\n"
                + "1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    }

    static byte[] svgWithScript() {
        return ascii("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
                + "<script>alert('svg')</script><rect width=\"10\" height=\"10\"/></svg>");
    }

    static byte[] html() {
        return ascii("<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(document.cookie)"
                + "</script></body></html>");
    }

    static byte[] eicar() {
        return ascii("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");
    }

    /** A zip of one entry of 50 MB of zeros (a small bomb) whose name climbs out of the folder (zip-slip). */
    static byte[] zipBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("../../etc/cron.d/evil"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 50; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A WebP container: VP8X announcing EXIF, a VP8L header for {@code width} × {@code height}, and an EXIF chunk
     * holding {@code canary}. (The image data is not real: CareChat does not decode WebP.)
     */
    static byte[] webpWithExif(int width, int height, String canary) {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        byte[] vp8x = new byte[10];
        vp8x[0] = 0x08;
        putU24(vp8x, 4, width - 1);
        putU24(vp8x, 7, height - 1);
        chunk(chunks, "VP8X", vp8x);
        byte[] vp8l = new byte[5];
        vp8l[0] = 0x2F;
        long bits = (width - 1) | (long) (height - 1) << 14;
        for (int i = 0; i < 4; i++) {
            vp8l[1 + i] = (byte) (bits >> (8 * i));
        }
        chunk(chunks, "VP8L", vp8l);
        chunk(chunks, "EXIF", ascii("MM\0*" + canary));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("RIFF"));
        byte[] size = new byte[4];
        long total = 4 + chunks.size();
        for (int i = 0; i < 4; i++) {
            size[i] = (byte) (total >> (8 * i));
        }
        out.writeBytes(size);
        out.writeBytes(ascii("WEBP"));
        out.writeBytes(chunks.toByteArray());
        return out.toByteArray();
    }

    /**
     * A HEIC: ftyp, a meta box listing an image item (and, when {@code canary} is not null, an Exif item) with their
     * locations in mdat, then mdat: 64 bytes of "image" and the Exif payload holding {@code canary}.
     */
    static byte[] heic(String canary, int width, int height) {
        byte[] image = new byte[64];
        java.util.Arrays.fill(image, (byte) 0x5A);
        byte[] exif = canary == null ? new byte[0] : concat(new byte[4], ascii("Exif\0\0MM\0*GPS " + canary));
        byte[] ftyp = box("ftyp", concat(ascii("heic"), new byte[] {0, 0, 0, 0}, ascii("mif1heic")));
        byte[] meta = heicMeta(canary != null, width, height, 0, image.length, exif.length);
        int mdatData = ftyp.length + meta.length + 8;
        meta = heicMeta(canary != null, width, height, mdatData, image.length, exif.length);
        return concat(ftyp, meta, box("mdat", concat(image, exif)));
    }

    private static byte[] heicMeta(
            boolean withExif, int width, int height, int dataAt, int imageLength, int exifLength) {
        ByteArrayOutputStream infes = new ByteArrayOutputStream();
        infes.writeBytes(
                box("infe", concat(new byte[] {2, 0, 0, 0}, new byte[] {0, 1, 0, 0}, ascii("hvc1"), new byte[] {0})));
        if (withExif) {
            infes.writeBytes(box(
                    "infe", concat(new byte[] {2, 0, 0, 0}, new byte[] {0, 2, 0, 0}, ascii("Exif"), new byte[] {0})));
        }
        byte[] iinf = box(
                "iinf",
                concat(new byte[] {0, 0, 0, 0}, new byte[] {0, (byte) (withExif ? 2 : 1)}, infes.toByteArray()));
        ByteBuffer iloc = ByteBuffer.allocate(8 + 2 * 14);
        iloc.put(new byte[] {0, 0, 0, 0, 0x44, 0}).putShort((short) (withExif ? 2 : 1));
        iloc.putShort((short) 1)
                .putShort((short) 0)
                .putShort((short) 1)
                .putInt(dataAt)
                .putInt(imageLength);
        if (withExif) {
            iloc.putShort((short) 2)
                    .putShort((short) 0)
                    .putShort((short) 1)
                    .putInt(dataAt + imageLength)
                    .putInt(exifLength);
        }
        byte[] ilocBody = java.util.Arrays.copyOf(iloc.array(), iloc.position());
        byte[] ispe = box(
                "ispe",
                concat(
                        new byte[] {0, 0, 0, 0},
                        ByteBuffer.allocate(8).putInt(width).putInt(height).array()));
        byte[] iprp = box("iprp", box("ipco", ispe));
        byte[] hdlr = box("hdlr", concat(new byte[8], ascii("pict"), new byte[13]));
        return box("meta", concat(new byte[] {0, 0, 0, 0}, hdlr, iinf, box("iloc", ilocBody), iprp));
    }

    /** {@code heic} followed by a top-level uuid box of XMP, as some cameras write it. */
    static byte[] heicWithUuidXmp(String canary) {
        return concat(
                heic(null, 4032, 3024),
                box("uuid", concat(new byte[16], ascii("<x:xmpmeta>" + canary + "</x:xmpmeta>"))));
    }

    private static void chunk(ByteArrayOutputStream out, String fourcc, byte[] data) {
        out.writeBytes(ascii(fourcc));
        for (int i = 0; i < 4; i++) {
            out.write((data.length >> (8 * i)) & 0xFF);
        }
        out.writeBytes(data);
        if ((data.length & 1) == 1) {
            out.write(0);
        }
    }

    private static void putU24(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
    }

    private static byte[] box(String type, byte[] body) {
        return concat(ByteBuffer.allocate(4).putInt(8 + body.length).array(), ascii(type), body);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
