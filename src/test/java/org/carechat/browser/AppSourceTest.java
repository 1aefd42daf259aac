package org.carechat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of the web apps' source. It never parses strings as HTML or code: every user-supplied text reaches the page as
 * a text node ({@code shared/dom.js}); the browser tests show it for the fields they fill, this keeps it true for
 * every file. The staff app ({@code app/}) and the patient app ({@code patient/}) meet only in {@code shared/} (modules
 * and styles), and each page preloads exactly the modules its app starts with: those its entry imports, and those the
 * entry itself imports with {@code import()} (it asks for the session first, while they arrive).
 */
class AppSourceTest {

    private static final Path STATIC = Path.of("src/main/resources/static");
    private static final Pattern IMPORT = Pattern.compile("^import\\s[^;]*?from\\s+'([^']+)';", Pattern.MULTILINE);
    private static final Pattern DYNAMIC_IMPORT = Pattern.compile("\\bimport\\('([^']+)'\\)");
    private static final Pattern ENTRY = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\">");
    private static final Pattern STYLESHEET = Pattern.compile("<link rel=\"stylesheet\" href=\"([^\"]+)\">");
    private static final Pattern PRELOAD = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">");
    private static final Map<String, String> PAGES =
            Map.of("index.html", "app", "patient/index.html", "patient", "contact/index.html", "contact");

    /** An {@code Intl} formatter made at module level, i.e. when its module is evaluated. */
    private static final Pattern FORMATTER_AT_LOAD =
            Pattern.compile("^(export\\s+)?(const|let|var)\\s+\\w+\\s*=\\s*new Intl\\.");

    private static final Pattern HTML_OR_CODE_SINKS = Pattern.compile(
            "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\s*\\(|new Function\\s*\\(|"
                    + "createContextualFragment|DOMParser|srcdoc");

    @Test
    void noModuleOfTheAppUsesAnHtmlOrCodeSink() throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(STATIC)) {
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
    void noModuleMakesAnIntlFormatterWhenItIsEvaluated() throws IOException {
        // the first one of a page starts ICU: tens of ms on a phone, in the task that evaluates the start's modules
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(STATIC)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (FORMATTER_AT_LOAD.matcher(lines.get(i)).find()) {
                        hits.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(hits).as("make formatters on first use (shared/format.js)").isEmpty();
    }

    @Test
    void theAppPagesLoadNoInlineScript() throws IOException {
        for (String file : PAGES.keySet()) {
            String page = Files.readString(STATIC.resolve(file), StandardCharsets.UTF_8);
            assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page).find())
                    .as("an inline <script> in %s would be refused by the CSP", file)
                    .isFalse();
        }
    }

    @Test
    void eachAppImportsOnlyItsOwnModulesAndStylesAndTheSharedOnes() throws IOException {
        for (Map.Entry<String, String> page : PAGES.entrySet()) {
            String app = page.getValue();
            for (String module : startModulesOf(entryOf(page.getKey()))) {
                assertThat(module).as("a module of the %s app", app).matches("/(" + app + "|shared)/[^/]+\\.js");
            }
            String html = Files.readString(STATIC.resolve(page.getKey()), StandardCharsets.UTF_8);
            Matcher sheet = STYLESHEET.matcher(html);
            while (sheet.find()) {
                assertThat(sheet.group(1)).as("a stylesheet of the %s app", app).matches("/(" + app + "|shared)/[^/]+");
            }
        }
        try (Stream<Path> sheets = Files.walk(STATIC)) {
            for (Path sheet : sheets.filter(f -> f.toString().endsWith(".css")).toList()) {
                assertThat(Files.readString(sheet, StandardCharsets.UTF_8))
                        .as("%s: stylesheets are linked from the page, each app's after shared/styles.css", sheet)
                        .doesNotContain("@import");
            }
        }
        try (Stream<Path> files = Files.list(STATIC.resolve("shared"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                for (String module : importsOf("/shared/" + file.getFileName())) {
                    assertThat(module)
                            .as("imported by shared/%s", file.getFileName())
                            .startsWith("/shared/");
                }
            }
        }
    }

    @Test
    void eachPagePreloadsExactlyTheModulesItsAppImports() throws IOException {
        for (String file : PAGES.keySet()) {
            String entry = entryOf(file);
            Set<String> expected = new TreeSet<>(startModulesOf(entry));
            expected.remove(entry);
            Set<String> preloaded = new TreeSet<>();
            Matcher m = PRELOAD.matcher(Files.readString(STATIC.resolve(file), StandardCharsets.UTF_8));
            while (m.find()) {
                preloaded.add(m.group(1));
            }
            assertThat(preloaded).as("the modulepreload links of %s", file).isEqualTo(expected);
        }
    }

    private static String entryOf(String page) throws IOException {
        Matcher m = ENTRY.matcher(Files.readString(STATIC.resolve(page), StandardCharsets.UTF_8));
        assertThat(m.find()).as("%s loads a module", page).isTrue();
        return m.group(1);
    }

    /** The modules an app starts with: {@link #modulesOf} its entry and of each module the entry imports with import(). */
    private static Set<String> startModulesOf(String entry) throws IOException {
        Set<String> modules = modulesOf(entry);
        String source = Files.readString(STATIC.resolve(entry.substring(1)), StandardCharsets.UTF_8);
        Matcher m = DYNAMIC_IMPORT.matcher(source);
        while (m.find()) {
            modules.addAll(modulesOf(URI.create(entry).resolve(m.group(1)).getPath()));
        }
        return modules;
    }

    /** The module at the absolute path {@code entry} and every module it imports, directly or not. */
    private static Set<String> modulesOf(String entry) throws IOException {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(entry));
        while (!todo.isEmpty()) {
            String module = todo.pop();
            if (seen.add(module)) {
                todo.addAll(importsOf(module));
            }
        }
        return seen;
    }

    /** The absolute paths a module imports (every import names a file relative to it or from the root). */
    private static List<String> importsOf(String module) throws IOException {
        String source = Files.readString(STATIC.resolve(module.substring(1)), StandardCharsets.UTF_8);
        URI base = URI.create(module);
        List<String> imports = new ArrayList<>();
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
            imports.add(base.resolve(m.group(1)).getPath());
        }
        return imports;
    }
}
