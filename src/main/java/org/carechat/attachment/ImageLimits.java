package org.carechat.attachment;

import org.carechat.web.ApiProblem;

/** The pixel-flood check shared by every image format. */
final class ImageLimits {

    /** No side longer than this, whatever the pixel count (a 1 × 40,000,000 strip is no photo). */
    static final int MAX_SIDE = 30_000;

    private ImageLimits() {}

    /** @throws ApiProblem 400 when the image is larger than {@code maxPixels} or a side is over the limit */
    static void requireWithin(long width, long height, long maxPixels) {
        if (width < 1 || height < 1) {
            throw ApiProblem.badRequest("The image has no pixels; it was refused");
        }
        if (width * height > maxPixels || width > MAX_SIDE || height > MAX_SIDE) {
            throw ApiProblem.badRequest("The image is " + width + " × " + height + " pixels; the limit is "
                    + maxPixels / 1_000_000 + " million pixels and " + MAX_SIDE + " pixels a side");
        }
    }
}
