package org.carechat.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The release this build is, from {@code META-INF/build-info.properties} (written by the build from the project's
 * version): shown by {@code carechat --version}, the start banner, {@code /actuator/info} and the OpenAPI document.
 */
public final class Version {

    private static final String CURRENT = read();

    private Version() {}

    /** The semantic version, e.g. {@code 0.9.0}; {@code unknown} in a build that skipped the build-info step. */
    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("build.version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
