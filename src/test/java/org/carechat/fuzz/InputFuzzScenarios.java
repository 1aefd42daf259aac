package org.carechat.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.carechat.testing.Response;
import org.junit.jupiter.api.Test;

/**
 * T-FUZZ-01. {@code ./carechat fuzz} runs each {@link FuzzTest} for 75 seconds under Jazzer (coverage-guided, one
 * target per JVM); in the test suite they replay their saved inputs, and the two short runs below drive every route
 * and every frame type with seeded random input.
 */
abstract class InputFuzzScenarios extends InputFuzzing {

    static final int SHORT_RUN_PER_ROUTE = 12;
    static final int SHORT_RUN_PER_FRAME = 40;

    @FuzzTest(maxDuration = "75s")
    void jsonBodies(FuzzedDataProvider data) {
        allowLoopbackOnly();
        oneRequest(FuzzInput.of(data), null);
    }

    @FuzzTest(maxDuration = "75s")
    void clientFrames(FuzzedDataProvider data) {
        allowLoopbackOnly();
        oneFrame(FuzzInput.of(data), null);
    }

    /**
     * The harness talks to the server over loopback, and the server to its PostgreSQL there: Jazzer's SSRF detector
     * stays on for every other host.
     */
    private static void allowLoopbackOnly() {
        BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
    }

    @Test
    void everyRouteTakingJsonGetsNoServerErrorFromGeneratedBodies() {
        assertThat(routes())
                .as("the routes of the OpenAPI document that take a JSON body")
                .hasSizeGreaterThanOrEqualTo(25)
                .extracting(Shapes.Route::toString)
                .contains(
                        "PATCH /api/v1/orgs/current",
                        "POST /api/v1/conversations/{conversationId}/messages",
                        "POST /api/v1/patients/search");
        FuzzInput in = FuzzInput.random(13);
        for (Shapes.Route route : routes()) {
            for (int i = 0; i < SHORT_RUN_PER_ROUTE; i++) {
                oneRequest(in, route);
            }
        }
    }

    @Test
    void everyRouteTakingJsonRefusesAFieldItDoesNotHaveNamingIt() {
        List<String> notRefused = new ArrayList<>();
        for (Shapes.Route route : routes()) {
            Response answer = unknownFieldAnswer(route, "noSuchField");
            boolean named = answer.status() == 400
                    && answer.json()
                            .path("errors")
                            .path(0)
                            .path("field")
                            .asString("")
                            .equals("noSuchField");
            if (!named) {
                notRefused.add(route + " answered " + answer.status() + " " + answer.text());
            }
        }
        assertThat(notRefused)
                .as("routes that did not refuse an unknown field with a 400 naming it")
                .isEmpty();
    }

    @Test
    void everyFrameTypeGetsNoServerErrorFromGeneratedFrames() {
        assertThat(frames())
                .extracting(Shapes.Frame::type)
                .containsExactlyInAnyOrder(
                        "resume",
                        "send",
                        "ack",
                        "read",
                        "typing",
                        "ping",
                        "acknowledge",
                        "watch",
                        "unwatch",
                        "visibility");
        FuzzInput in = FuzzInput.random(17);
        for (Shapes.Frame frame : frames()) {
            for (int i = 0; i < SHORT_RUN_PER_FRAME; i++) {
                oneFrame(in, frame.type());
            }
        }
    }
}
