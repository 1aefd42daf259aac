package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The committed icons are the ones {@link AppIconArtwork} draws (no copied artwork; redrawn when it changes). */
class AppIconArtworkTest {

    @Test
    void theCommittedIconsAreTheDrawnOnesAtTheirSizes() throws IOException {
        for (Map.Entry<String, BufferedImage> icon : AppIconArtwork.icons().entrySet()) {
            BufferedImage committed =
                    ImageIO.read(AppIconArtwork.STATIC.resolve(icon.getKey()).toFile());
            assertThat(committed).as(icon.getKey()).isNotNull();
            assertThat(pixels(committed)).as(icon.getKey()).isEqualTo(pixels(icon.getValue()));
        }
        byte[] favicon = Files.readAllBytes(AppIconArtwork.STATIC.resolve("favicon.ico"));
        BufferedImage inside = ImageIO.read(new ByteArrayInputStream(Arrays.copyOfRange(favicon, 22, favicon.length)));
        assertThat(inside.getWidth()).isEqualTo(32);
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
