package org.carechat.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.openqa.selenium.JavascriptExecutor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs axe-core (from its WebJar, a test dependency) in the page and reports the serious and critical violations.
 * The script is injected through WebDriver, which the page's Content-Security-Policy does not govern.
 */
final class Axe {

    private static final String SOURCE = load();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Axe() {}

    /** @return one line per serious or critical violation: rule, impact, the first few elements it hit */
    static List<String> seriousViolations(Browser browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        js.executeScript(SOURCE);
        Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations)), e => done('failed: ' + e));");
        String text = String.valueOf(result);
        if (text.startsWith("failed")) {
            throw new IllegalStateException("axe-core did not run: " + text);
        }
        List<String> serious = new ArrayList<>();
        for (JsonNode violation : JSON.readTree(text)) {
            String impact = violation.path("impact").asString("");
            if (impact.equals("serious") || impact.equals("critical")) {
                List<String> targets = new ArrayList<>();
                violation
                        .path("nodes")
                        .forEach(n -> targets.add(n.path("target").toString()));
                serious.add(violation.path("id").asString() + " (" + impact + "): "
                        + targets.subList(0, Math.min(3, targets.size())));
            }
        }
        return serious;
    }

    private static String load() {
        String version = version();
        String path = "META-INF/resources/webjars/axe-core/" + version + "/axe.min.js";
        try (InputStream in = Axe.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("axe-core is not on the test classpath at " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The WebJar's version, from the Maven metadata it carries (so the pom is the one place that names it). */
    private static String version() {
        String path = "META-INF/maven/org.webjars.npm/axe-core/pom.properties";
        try (InputStream in = Axe.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("axe-core WebJar metadata missing: " + path);
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
