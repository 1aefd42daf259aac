package org.carechat.browser;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the apps' PNG icons with Java2D — the design of {@code shared/icon.svg} (a speech bubble with a cross) — for
 * the web app manifests, {@code apple-touch-icon} (iOS ignores SVG) and {@code favicon.ico}. A one-off utility: run
 * {@code main} after changing the design and commit what it writes; {@link AppIconArtworkTest} checks that the
 * committed files are what it draws.
 */
final class AppIconArtwork {

    static final Path STATIC = Path.of("src/main/resources/static");
    static final Color GREEN = new Color(0x14532d);
    static final Color PALE = new Color(0xf0fdf4);

    private AppIconArtwork() {}

    /** File (under static/) to image. */
    static Map<String, BufferedImage> icons() {
        Map<String, BufferedImage> icons = new LinkedHashMap<>();
        icons.put("shared/icons/icon-192.png", draw(192, true, 1.0));
        icons.put("shared/icons/icon-512.png", draw(512, true, 1.0));
        // Maskable: full bleed, the drawing inside the 80 % safe zone.
        icons.put("shared/icons/icon-maskable-512.png", draw(512, false, 0.8));
        // iOS rounds the corners itself and shows transparency as black.
        icons.put("shared/icons/apple-touch-icon.png", draw(180, false, 0.9));
        return icons;
    }

    static BufferedImage draw(int size, boolean rounded, double content) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double unit = size / 512.0;
        g.setColor(GREEN);
        if (rounded) {
            g.fill(new RoundRectangle2D.Double(0, 0, size, size, 192 * unit, 192 * unit));
        } else {
            g.fillRect(0, 0, size, size);
        }
        AffineTransform at = new AffineTransform();
        at.translate(size / 2.0, size / 2.0);
        at.scale(unit * content, unit * content);
        at.translate(-256, -256);
        g.transform(at);
        Path2D bubble = new Path2D.Double();
        bubble.moveTo(128, 144);
        bubble.lineTo(384, 144);
        bubble.quadTo(416, 144, 416, 176);
        bubble.lineTo(416, 320);
        bubble.quadTo(416, 352, 384, 352);
        bubble.lineTo(232, 352);
        bubble.lineTo(160, 408);
        bubble.lineTo(160, 352);
        bubble.lineTo(128, 352);
        bubble.quadTo(96, 352, 96, 320);
        bubble.lineTo(96, 176);
        bubble.quadTo(96, 144, 128, 144);
        bubble.closePath();
        g.setColor(PALE);
        g.fill(bubble);
        g.setColor(GREEN);
        g.setStroke(new BasicStroke(1));
        g.fillRect(240, 196, 32, 112);
        g.fillRect(200, 236, 112, 32);
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** An ICO file holding one PNG image (supported by every current browser). */
    static byte[] ico(BufferedImage image) throws IOException {
        byte[] png = png(image);
        ByteBuffer ico = ByteBuffer.allocate(6 + 16 + png.length).order(ByteOrder.LITTLE_ENDIAN);
        ico.putShort((short) 0).putShort((short) 1).putShort((short) 1);
        ico.put((byte) image.getWidth())
                .put((byte) image.getHeight())
                .put((byte) 0)
                .put((byte) 0);
        ico.putShort((short) 1).putShort((short) 32).putInt(png.length).putInt(6 + 16);
        ico.put(png);
        return ico.array();
    }

    public static void main(String[] args) throws IOException {
        for (Map.Entry<String, BufferedImage> icon : icons().entrySet()) {
            Files.write(STATIC.resolve(icon.getKey()), png(icon.getValue()));
        }
        Files.write(STATIC.resolve("favicon.ico"), ico(draw(32, true, 1.0)));
    }
}
