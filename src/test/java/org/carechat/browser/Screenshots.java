package org.carechat.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;

/**
 * Screenshots taken by the browser tests: always to {@code target/screenshots/}; also to the folder named by the
 * system property {@code carechat.screenshots} when set ({@code ./carechat screenshots} sets it to
 * {@code docs/screenshots}, the committed current ones the README links).
 */
final class Screenshots {

    private Screenshots() {}

    static void save(Browser browser, String name) {
        byte[] png = browser.driver.getScreenshotAs(OutputType.BYTES);
        write(Path.of("target", "screenshots"), name, png);
        String published = System.getProperty("carechat.screenshots");
        if (published != null && !published.isBlank()) {
            write(Path.of(published), name, png);
        }
    }

    private static void write(Path folder, String name, byte[] png) {
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
