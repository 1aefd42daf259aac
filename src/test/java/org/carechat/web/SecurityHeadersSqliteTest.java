package org.carechat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.carechat.identity.Role;
import org.carechat.testing.OnSqlite;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.Test;

/** Every response carries the hardening headers, API answers are never cached, and errors name no internals. */
@OnSqlite
class SecurityHeadersSqliteTest extends ServerTest {

    HttpResponse<String> raw(String path, Staff as) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
        if (as != null) {
            b.header("Authorization", "Bearer " + as.token());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pagesAndApiAnswersCarryTheHardeningHeaders() throws Exception {
        Staff nurse = newStaff(newOrg(), Role.NURSE, "Nina");
        for (HttpResponse<String> r : List.of(raw("/", null), raw("/api/v1/inbox", nurse), raw("/api/v1/inbox", null))) {
            var h = r.headers();
            assertThat(h.firstValue("X-Content-Type-Options")).as(r.uri().toString()).contains("nosniff");
            assertThat(h.firstValue("X-Frame-Options")).contains("DENY");
            assertThat(h.firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(h.firstValue("Content-Security-Policy").orElse(""))
                    .contains("default-src 'self'").contains("frame-ancestors 'none'").contains("object-src 'none'");
            assertThat(h.firstValue("X-Request-Id")).isPresent();
        }
        HttpResponse<String> api = raw("/api/v1/inbox", nurse);
        assertThat(api.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(api.headers().firstValue("Server")).isEmpty();
    }

    @Test
    void unknownRoutesAndMethodsAnswerWithProblemDetailsWithoutInternals() throws Exception {
        Staff nurse = newStaff(newOrg(), Role.NURSE, "Nina");
        HttpResponse<String> missing = raw("/api/v1/no-such-thing", nurse);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("Exception").doesNotContain("org.springframework");
        HttpResponse<String> trace = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/inbox")))
                .header("Authorization", "Bearer " + nurse.token())
                .method("TRACE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(trace.statusCode()).isIn(403, 405);
        assertThat(raw("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(raw("/actuator/prometheus", nurse).statusCode()).isEqualTo(403);
    }
}
