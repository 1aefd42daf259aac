package org.carechat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.carechat.testing.ObservedResponses;
import org.carechat.testing.OnSqlite;
import org.carechat.testing.ServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Runs after the whole suite (its own surefire execution, phase integration-test): every answer an API route gave in
 * the access-matrix, scenario and browser tests ({@link ObservedResponses}) must be one its OpenAPI contract lists,
 * with the documented media type — a problem detail for every error; and every route must have been called, with each
 * success status it documents answered at least once. A route that answers an undocumented status, a documented one
 * in another form, or never the success it documents, fails the build.
 */
@OnSqlite
class ApiContractConformanceCheck extends ServerTest {

    /** A documented operation and the regular expression its path template matches. */
    record Route(String method, String template, Pattern pattern, int literals, JsonNode operation) {}

    @Test
    void everyAnswerTheTestsSawIsInTheContract() throws IOException {
        Path observed = ObservedResponses.file();
        assertThat(observed).as("the answers recorded by this build's tests").exists();
        List<Route> routes = routes(get(null, "/v3/api-docs").json());
        Set<String> wrong = new TreeSet<>();
        Map<Route, Set<String>> answered = new HashMap<>();
        int checked = 0;
        for (String line : Files.readAllLines(observed, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            // HEAD is answered by the GET route, with its status and headers and no body (HTTP semantics).
            Optional<Route> route = match(routes, f[0].equals("HEAD") ? "GET" : f[0], f[1]);
            if (route.isEmpty()) {
                // Not a route: a probe of a path that does not exist, refused before or at routing (400: the
                // firewall's refusal of a malformed path, such as //, encoded dots or ;jsessionid).
                if (!Set.of("400", "401", "403", "404", "405").contains(f[2])) {
                    wrong.add(f[0] + " " + f[1] + " answered " + f[2] + " but is not a documented route");
                }
                continue;
            }
            checked++;
            answered.computeIfAbsent(route.get(), r -> new TreeSet<>()).add(f[2]);
            String problem = conformance(route.get(), f[2], f[3]);
            if (problem != null) {
                wrong.add(route.get().method() + " " + route.get().template() + " " + problem);
            }
        }
        assertThat(checked).as("answers checked").isPositive();
        wrong.addAll(unseenSuccesses(routes, answered));
        assertThat(wrong)
                .as("answers outside the OpenAPI contract (openapi/routes.yml)")
                .isEmpty();
    }

    /**
     * The other direction: every route was called, and every success status it documents was answered at least once
     * (a documented 201 that the route never gives is as wrong as an undocumented one it does).
     */
    static List<String> unseenSuccesses(List<Route> routes, Map<Route, Set<String>> answered) {
        List<String> unseen = new ArrayList<>();
        for (Route route : routes) {
            Set<String> statuses = answered.get(route);
            if (statuses == null) {
                unseen.add(route.method() + " " + route.template() + " was not called by any test");
                continue;
            }
            route.operation().get("responses").propertyNames().stream()
                    .filter(status -> status.startsWith("2") && !statuses.contains(status))
                    .forEach(status -> unseen.add(route.method() + " " + route.template() + " documents " + status
                            + ", which no test saw it answer"));
        }
        return unseen;
    }

    static String conformance(Route route, String status, String mediaType) {
        JsonNode answer = route.operation().get("responses").get(status);
        if (answer == null) {
            return "answered " + status + ", which its contract does not list";
        }
        JsonNode content = answer.get("content");
        if (mediaType.equals("-")) {
            return null; // no body
        }
        if (content == null) {
            return "answered " + status + " with a " + mediaType + " body its contract does not describe";
        }
        if (!content.has(mediaType)) {
            return "answered " + status + " as " + mediaType + ", documented as " + content.propertyNames();
        }
        return null;
    }

    /** The documented route answering {@code method uri}; a HEAD is its GET without the body (RFC 9110 9.3.2). */
    static Optional<Route> match(List<Route> routes, String method, String uri) {
        String documented = method.equals("HEAD") ? "GET" : method;
        return routes.stream()
                .filter(r -> r.method().equals(documented)
                        && r.pattern().matcher(uri).matches())
                .max(Comparator.comparingInt(Route::literals));
    }

    static List<Route> routes(JsonNode document) {
        List<Route> routes = new ArrayList<>();
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    String template = path.getKey();
                    String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
                    int literals = (int) java.util.Arrays.stream(template.split("/"))
                            .filter(s -> !s.startsWith("{"))
                            .count();
                    routes.add(new Route(
                            op.getKey().toUpperCase(Locale.ROOT),
                            template,
                            Pattern.compile(regex),
                            literals,
                            op.getValue()));
                }));
        return routes;
    }
}
