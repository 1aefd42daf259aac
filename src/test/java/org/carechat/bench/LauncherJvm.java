package org.carechat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM options the launcher ({@code ./carechat}) and the systemd unit start CareChat with: {@code
 * packaging/jvm.options}, a java argument file ({@code java @file}: one or more options a line, {@code #} to the end
 * of a line is a comment). Benchmarks start their server process with the same, so they measure it as deployed.
 */
public final class LauncherJvm {

    public static final Path FILE = Path.of("packaging", "jvm.options");

    private LauncherJvm() {}

    /** The options of {@link #FILE}, in order. */
    public static List<String> options() {
        try {
            return parse(Files.readAllLines(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
        }
    }

    static List<String> parse(List<String> lines) {
        List<String> options = new ArrayList<>();
        for (String line : lines) {
            int comment = line.indexOf('#');
            String text = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (!text.isEmpty()) {
                options.addAll(Arrays.asList(text.split("\\s+")));
            }
        }
        return options;
    }
}
