package org.carechat.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.system.MetricsScrapeToken;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Every {@code /api/**} route needs a signed-in caller except sign-in itself; which data the
 * caller may then see is decided by each feature's policy. The server keeps no HTTP session: each request is
 * authenticated from its token or cookie ({@link TokenAuthenticationFilter}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfig {

    private static final String[] STAFF_ROLES = java.util.Arrays.stream(Role.values())
            .filter(Role::isStaff)
            .map(Role::name)
            .toArray(String[]::new);

    static final String CSP = org.carechat.web.HardeningHeaders.CSP;

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            TokenService tokens,
            DeviceWipes wipes,
            JsonMapper json,
            AuditLog audit,
            @Value("${carechat.metrics.token-hash:}") String metricsTokenHash)
            throws Exception {
        http.csrf(csrf -> csrf.disable()) // our own double-submit check in TokenAuthenticationFilter
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .addFilterBefore(new TokenAuthenticationFilter(tokens, wipes), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new MetricsScrapeToken(metricsTokenHash), TokenAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/api/v1/auth/login",
                                "/api/v1/auth/token",
                                "/api/v1/auth/login/second-factor",
                                "/api/v1/auth/token/second-factor")
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/patient-access/codes",
                                "/api/v1/patient-access/sign-in",
                                "/api/v1/patient-access/password-sign-in")
                        .permitAll()
                        .requestMatchers("/api/v1/public/**")
                        .permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info")
                        .permitAll()
                        .requestMatchers(MetricsScrapeToken.ENDPOINT)
                        .hasAnyRole(Role.ADMIN.name(), MetricsScrapeToken.ROLE)
                        .requestMatchers("/actuator/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(PatientRoutes.matchers())
                        .authenticated()
                        .requestMatchers("/api/**")
                        .hasAnyRole(STAFF_ROLES)
                        .anyRequest()
                        .permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                            auditRefusal(audit, request);
                            problem(json, request, response);
                        })
                        .accessDeniedHandler((request, response, ex) -> {
                            if (SecurityContextHolder.getContext().getAuthentication() != null
                                    && SecurityContextHolder.getContext()
                                                    .getAuthentication()
                                                    .getPrincipal()
                                            instanceof CurrentUser user) {
                                audit.refused(user.audit(AuditType.ACCESS_DENIED)
                                        .target("route", request.getRequestURI())
                                        .detail("reason", "role"));
                            }
                            write(json, response, HttpStatus.FORBIDDEN, "Your role does not allow this");
                        }))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .crossOriginOpenerPolicy(
                                c -> c.policy(CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN))
                        .frameOptions(f -> f.deny()));
        return http.build();
    }

    /**
     * Audits a refused credential: one that does not work, or one used without its CSRF token or before the one-time
     * password was replaced. A request with no credential at all is not an attempt by anyone and is not audited.
     */
    private static void auditRefusal(AuditLog audit, HttpServletRequest request) {
        String route = request.getRequestURI();
        if (request.getAttribute(TokenAuthenticationFilter.REFUSED_USER) instanceof CurrentUser user) {
            String reason = request.getAttribute(TokenAuthenticationFilter.CSRF_MISSING) != null
                    ? "csrf_token_missing"
                    : request.getAttribute(TokenAuthenticationFilter.MUST_ENROL_SECOND_FACTOR) != null
                            ? "second_factor_setup_required"
                            : "password_change_required";
            audit.refused(
                    user.audit(AuditType.ACCESS_DENIED).target("route", route).detail("reason", reason));
        } else if (request.getAttribute(TokenAuthenticationFilter.CREDENTIALS_REJECTED) != null) {
            audit.refused(AuditEvent.of(AuditType.ACCESS_DENIED)
                    .actor(null, request.getRemoteAddr())
                    .target("route", route)
                    .detail("reason", "credentials_not_valid"));
        }
    }

    private static void problem(JsonMapper json, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (request.getAttribute(TokenAuthenticationFilter.MUST_ENROL_SECOND_FACTOR) != null) {
            write(
                    json,
                    response,
                    HttpStatus.FORBIDDEN,
                    "Your organisation requires a second factor: set one up "
                            + "first (POST /api/v1/auth/second-factor/setup, then /confirm with a code from your app)");
        } else if (request.getAttribute(TokenAuthenticationFilter.MUST_CHANGE_PASSWORD) != null) {
            write(
                    json,
                    response,
                    HttpStatus.FORBIDDEN,
                    "Choose your own password first (POST /api/v1/auth/password); the one-time password only allows that");
        } else if (request.getAttribute(TokenAuthenticationFilter.CSRF_MISSING) != null) {
            write(
                    json,
                    response,
                    HttpStatus.FORBIDDEN,
                    "This request needs the X-CSRF-Token header of your session (from /api/v1/auth/me)");
        } else {
            write(
                    json,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "Sign in first: this needs a session cookie or an Authorization: Bearer token, and yours is "
                            + "missing, expired or revoked");
        }
    }

    private static void write(JsonMapper json, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(json.writeValueAsString(ProblemDetail.forStatusAndDetail(status, detail)));
    }
}
