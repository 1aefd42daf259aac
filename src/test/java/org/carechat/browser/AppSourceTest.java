package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The staff app's source never parses strings as HTML or code: every user-supplied text reaches the page as a text
 * node ({@code dom.js}). The browser tests show it for the fields they fill; this keeps it true for every file.
 */
class AppSourceTest {

    private static final Pattern HTML_OR_CODE_SINKS = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new Function\\s*\\(|"
                    + "createContextualFragment|DOMParser|srcdoc");

    @Test
    void noModuleOfTheAppUsesAnHtmlOrCodeSink() throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/static"))) {
            for (Path file : files.filter(
                            f -> f.toString().endsWith(".js") || f.toString().endsWith(".html"))
                    .toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (HTML_OR_CODE_SINKS.matcher(lines.get(i)).find()) {
                        hits.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(hits).isEmpty();
    }

    @Test
    void theAppPagesLoadNoInlineScript() throws IOException {
        for (String file : List.of("index.html", "patient/index.html")) {
            String page = Files.readString(Path.of("src/main/resources/static", file), StandardCharsets.UTF_8);
            assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page).find())
                    .as("an inline <script> in %s would be refused by the CSP", file)
                    .isFalse();
        }
    }
}
