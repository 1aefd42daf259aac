package org.carechat.attachment;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;
import org.carechat.web.ApiProblem;

/**
 * JPEG and PNG photos, decoded and written anew: what is stored is only the pixels (turned upright by the EXIF
 * orientation first), so EXIF, GPS, XMP, comments and anything appended to the file (a polyglot's second half) are
 * gone. The size is read from the header before anything is decoded, so a pixel flood is refused cheaply.
 */
final class RasterImages {

    /** Decoding a large photo takes width × height × 4 bytes of heap: at most two at once on a node. */
    private static final Semaphore DECODING = new Semaphore(2);

    private final long maxPixels;
    private final int thumbnailSize;

    RasterImages(long maxPixels, int thumbnailSize) {
        this.maxPixels = maxPixels;
        this.thumbnailSize = thumbnailSize;
    }

    /** The cleaned image, its thumbnail and size. */
    record Cleaned(byte[] content, byte[] thumbnail, int width, int height) {}

    /** @throws ApiProblem 400 for an image too large in pixels, or one that cannot be read */
    Cleaned clean(byte[] content, FileType type) {
        int[] size = dimensions(content, type);
        ImageLimits.requireWithin(size[0], size[1], maxPixels);
        DECODING.acquireUninterruptibly();
        try {
            BufferedImage image = Thumbnails.of(new ByteArrayInputStream(content))
                    .scale(1.0)
                    .useExifOrientation(true)
                    .imageType(type == FileType.PNG ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB)
                    .asBufferedImage();
            String format = type == FileType.PNG ? "png" : "jpg";
            return new Cleaned(
                    write(image, format, 1.0, 0.92),
                    write(image, format, thumbnailScale(image), 0.8),
                    image.getWidth(),
                    image.getHeight());
        } catch (IOException | RuntimeException unreadable) {
            throw unreadable(type);
        } finally {
            DECODING.release();
        }
    }

    private double thumbnailScale(BufferedImage image) {
        int longest = Math.max(image.getWidth(), image.getHeight());
        return Math.min(1.0, (double) thumbnailSize / longest);
    }

    private static byte[] write(BufferedImage image, String format, double scale, double quality) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var builder = Thumbnails.of(image).scale(scale).outputFormat(format);
        if ("jpg".equals(format)) {
            builder.outputQuality(quality);
        }
        builder.toOutputStream(out);
        return out.toByteArray();
    }

    /** Width and height from the header alone (no pixels decoded). */
    private static int[] dimensions(byte[] content, FileType type) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw unreadable(type);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiProblem problem) {
                throw problem;
            }
            throw unreadable(type);
        }
    }

    private static ApiProblem unreadable(FileType type) {
        return ApiProblem.badRequest(
                "The file looks like a " + type.label + " but cannot be read as one; it was " + "refused");
    }
}
