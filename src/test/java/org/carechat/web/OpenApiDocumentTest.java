package org.carechat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.carechat.system.Version;
import org.carechat.testing.OnSqlite;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document is a contract worth integrating against: every route has its answers and its request example
 * in {@code openapi/routes.yml}, the version is the release, schema names are distinct, and Spectral's OpenAPI lint
 * with CareChat's rules ({@code openapi/spectral.yaml}: described schemas and properties, examples, problem details
 * for errors, no wildcard media types) finds zero errors.
 */
@OnSqlite
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OpenApiDocumentTest extends ServerTest {

    static final String SPECTRAL_VERSION = "6.16.3";
    static final Path SPECTRAL_HOME = Path.of("target", "spectral").toAbsolutePath();

    JsonNode document;

    @BeforeEach
    void read() {
        Response docs = get(null, "/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        document = docs.json();
    }

    @Test
    void everyOperationHasItsContractAndEveryContractItsOperation() {
        Set<String> operations = new TreeSet<>();
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(op ->
                                operations.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
        Set<String> contracts = new TreeSet<>(new ApiContract().routes().keySet());
        assertThat(operations)
                .as("routes without an entry in openapi/routes.yml")
                .isSubsetOf(contracts);
        assertThat(contracts)
                .as("entries of openapi/routes.yml that match no route")
                .isSubsetOf(operations);
    }

    @Test
    void theDocumentCarriesTheReleaseVersion() {
        assertThat(document.get("info").get("version").asString()).isEqualTo(Version.current());
    }

    @Test
    void errorAnswersAreProblemDetailsAndSuccessesNameTheirMediaType() {
        List<String> wrong = new ArrayList<>();
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(op -> op.getValue()
                                .get("responses")
                                .properties()
                                .forEach(answer -> {
                                    String where = op.getKey() + " " + path.getKey() + " " + answer.getKey();
                                    JsonNode content = answer.getValue().get("content");
                                    if (answer.getKey().startsWith("4")
                                            || answer.getKey().startsWith("5")) {
                                        if (content == null
                                                || !content.has(ApiContract.PROBLEM_JSON)
                                                || !content.get(ApiContract.PROBLEM_JSON)
                                                        .get("schema")
                                                        .get("$ref")
                                                        .asString()
                                                        .endsWith("/" + ApiContract.PROBLEM)) {
                                            wrong.add(where + " is not a problem detail");
                                        }
                                    } else if (content != null && content.has("*/*")) {
                                        wrong.add(where + " has no media type");
                                    } else if (answer.getKey().equals("204") && content != null) {
                                        wrong.add(where + " has a body");
                                    }
                                })));
        assertThat(wrong).isEmpty();
    }

    @Test
    void schemaNamesAreDistinctAcrossTheApi() {
        Map<String, String> classes = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        SchemaClasses.reachableFromControllers().forEach(type -> {
            String name = SchemaClasses.schemaName(type);
            String other = classes.putIfAbsent(name, type.getName());
            if (other != null && !other.equals(type.getName())) {
                clashes.add(name + ": " + other + " and " + type.getName());
            }
        });
        assertThat(classes).as("schema classes found").hasSizeGreaterThan(50);
        assertThat(clashes)
                .as("two types under one schema name (one would hide the other)")
                .isEmpty();
    }

    @Test
    void spectralFindsNoErrors() throws Exception {
        Path spec = Path.of("target", "openapi.json").toAbsolutePath();
        Files.writeString(spec, JSON.writeValueAsString(document), StandardCharsets.UTF_8);
        Path ruleset =
                Path.of("src", "test", "resources", "openapi", "spectral.yaml").toAbsolutePath();
        Path spectral = installedSpectral();
        Process lint = new ProcessBuilder(
                        spectral.toString(),
                        "lint",
                        spec.toString(),
                        "--ruleset",
                        ruleset.toString(),
                        "-f",
                        "text",
                        "--fail-severity",
                        "error")
                .redirectErrorStream(true)
                .start();
        String report = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(report.lines().filter(l -> l.contains(" error ")).toList())
                .as("Spectral errors in target/openapi.json")
                .isEmpty();
        assertThat(lint.exitValue()).as(report).isZero();
    }

    /** Spectral from npm, installed once into target/spectral (the npm registry is the only download). */
    static Path installedSpectral() throws IOException, InterruptedException {
        Path binary = SPECTRAL_HOME.resolve("node_modules/.bin/spectral");
        if (!Files.isExecutable(binary)) {
            Files.createDirectories(SPECTRAL_HOME);
            Process install = new ProcessBuilder(
                            "npm",
                            "install",
                            "--no-audit",
                            "--no-fund",
                            "--loglevel=error",
                            "--prefix",
                            SPECTRAL_HOME.toString(),
                            "@stoplight/spectral-cli@" + SPECTRAL_VERSION)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(install.waitFor(4, TimeUnit.MINUTES)).isTrue();
            assertThat(install.exitValue())
                    .as("npm install of Spectral: " + output)
                    .isZero();
        }
        return binary;
    }
}
