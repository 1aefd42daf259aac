package org.carechat.identity;

import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The API routes a patient's account may call: their own session, their conversations (read, write where the
 * conversation accepts responses, attachments read and uploaded as messages are, receipts, typing), catch-up, the
 * live socket, and their own contact requests (raise, read, answer in the app). Every other {@code /api/} route is
 * for staff roles only and answers a patient 403 ({@link SecurityConfig}), so a route added later is closed to
 * patients until it is listed here. What a patient then sees inside an allowed route is limited by membership and
 * the privacy rules of {@code ConversationPolicy}.
 */
final class PatientRoutes {

    private record Route(HttpMethod method, String pattern) {}

    private static final List<Route> ROUTES = List.of(
            new Route(HttpMethod.GET, "/api/v1/auth/me"),
            new Route(HttpMethod.POST, "/api/v1/auth/logout"),
            new Route(HttpMethod.GET, "/api/v1/auth/tokens"),
            new Route(HttpMethod.DELETE, "/api/v1/auth/tokens/{id}"),
            new Route(HttpMethod.POST, "/api/v1/auth/tokens/{id}/wipe"),
            new Route(HttpMethod.POST, "/api/v1/patient-access/password"),
            new Route(HttpMethod.GET, "/api/v1/orgs/current/profile"),
            new Route(HttpMethod.GET, "/api/v1/inbox"),
            new Route(HttpMethod.GET, "/api/v1/conversations"),
            new Route(HttpMethod.GET, "/api/v1/conversations/{id}"),
            new Route(HttpMethod.GET, "/api/v1/conversations/{id}/messages"),
            new Route(HttpMethod.POST, "/api/v1/conversations/{id}/messages"),
            new Route(HttpMethod.POST, "/api/v1/conversations/{id}/delivered"),
            new Route(HttpMethod.POST, "/api/v1/conversations/{id}/read"),
            new Route(HttpMethod.POST, "/api/v1/conversations/{id}/typing"),
            new Route(HttpMethod.GET, "/api/v1/conversations/{id}/markers"),
            new Route(HttpMethod.GET, "/api/v1/conversations/{id}/messages/{seq}/readers"),
            new Route(HttpMethod.POST, "/api/v1/conversations/{id}/attachments"),
            new Route(HttpMethod.GET, "/api/v1/conversations/{id}/attachments/{attachmentId}"),
            new Route(HttpMethod.GET, "/api/v1/conversations/{id}/attachments/{attachmentId}/thumbnail"),
            new Route(HttpMethod.POST, "/api/v1/sync"),
            new Route(HttpMethod.GET, "/api/v1/contact-reasons"),
            new Route(HttpMethod.POST, "/api/v1/contact-requests"),
            new Route(HttpMethod.GET, "/api/v1/contact-requests/mine"),
            new Route(HttpMethod.GET, "/api/v1/contact-requests/{id}"),
            new Route(HttpMethod.GET, "/api/v1/contact-requests/{id}/messages"),
            new Route(HttpMethod.POST, "/api/v1/contact-requests/{id}/replies"),
            new Route(HttpMethod.GET, "/api/v1/ws"));

    private PatientRoutes() {}

    static RequestMatcher[] matchers() {
        return ROUTES.stream()
                .map(r -> PathPatternRequestMatcher.withDefaults().matcher(r.method(), r.pattern()))
                .toArray(RequestMatcher[]::new);
    }
}
