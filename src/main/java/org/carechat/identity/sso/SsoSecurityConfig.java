package org.carechat.identity.sso;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.carechat.crypto.SecretBox;
import org.carechat.identity.SessionCookie;
import org.carechat.web.HardeningHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.NullSecurityContextRepository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The single sign-on endpoints, a filter chain of their own in front of the API's: {@code GET /sso/start/{orgId}}
 * sends the browser to the organisation's provider (authorisation code with PKCE, state and nonce), and
 * {@code GET /sso/callback/{orgId}} takes the provider's answer, has Spring Security check it (state against the
 * browser's sealed cookie, the code exchanged, the ID token's signature, issuer, audience, expiry and nonce), and then
 * issues a CareChat session ({@link SsoSignIn}). Neither keeps an HTTP session or a security context: the result is
 * the session cookie a password sign-in sets, and the browser goes on to the app.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SsoSecurityConfig {

    static final String START = "/sso/start";
    static final String APP = "/";

    @Bean
    @Order(1)
    SecurityFilterChain singleSignOn(
            HttpSecurity http,
            OrgClientRegistrations registrations,
            SsoSignIn signIn,
            SecretBox secrets,
            JsonMapper json,
            Clock clock)
            throws Exception {
        http.securityMatcher("/sso/**")
                .csrf(c -> c.disable()) // a GET-only flow whose state parameter is bound to the browser's cookie
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new NullSecurityContextRepository()))
                .requestCache(c -> c.disable())
                .oauth2Login(o -> o.clientRegistrationRepository(registrations)
                        .authorizedClientRepository(new NoAuthorizedClients())
                        .authorizationEndpoint(a -> a.baseUri(START)
                                .authorizationRequestRepository(new SignInCookieRequests(secrets, json, clock)))
                        .redirectionEndpoint(r -> r.baseUri(OrgClientRegistrations.CALLBACK + "*"))
                        .successHandler((request, response, authentication) ->
                                signedIn(signIn, request, response, authentication))
                        .failureHandler((request, response, exception) -> failed(signIn, request, response, exception)))
                .addFilterBefore(
                        new UnavailableProviders(registrations, signIn),
                        org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(HardeningHeaders.CSP))
                        .frameOptions(f -> f.deny()));
        return http.build();
    }

    private static void signedIn(
            SsoSignIn signIn, HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthenticationToken token = (OAuth2AuthenticationToken) authentication;
        SsoSignIn.Outcome outcome = signIn.signIn(
                token.getAuthorizedClientRegistrationId(), (OidcUser) token.getPrincipal(), request.getRemoteAddr());
        if (outcome.refusal() != null) {
            refuse(response, outcome.refusal());
            return;
        }
        response.addHeader(
                HttpHeaders.SET_COOKIE, SessionCookie.carrying(outcome.session().secret()));
        response.sendRedirect(APP);
    }

    private static void failed(
            SsoSignIn signIn, HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String path = request.getRequestURI();
        String orgId = path.substring(path.lastIndexOf('/') + 1);
        signIn.refusedByCheck(
                org.carechat.web.IdFormat.isValid(orgId) ? orgId : null,
                request.getRemoteAddr(),
                e instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException o
                        ? o.getError().getErrorCode()
                        : "authentication_failed");
        refuse(response, SsoSignIn.Refusal.FAILED);
    }

    static void refuse(HttpServletResponse response, SsoSignIn.Refusal refusal) throws IOException {
        response.sendRedirect(APP + "?sso-refused=" + refusal.code());
    }

    /**
     * Sends a browser that starts single sign-on for an organisation without a usable provider (none, turned off, or
     * its discovery document unreachable) back to the sign-in page with {@code unavailable}, instead of the error
     * page Spring Security would show.
     */
    private static final class UnavailableProviders extends org.springframework.web.filter.OncePerRequestFilter {
        private final OrgClientRegistrations registrations;
        private final SsoSignIn signIn;

        UnavailableProviders(OrgClientRegistrations registrations, SsoSignIn signIn) {
            this.registrations = registrations;
            this.signIn = signIn;
        }

        @Override
        protected void doFilterInternal(
                HttpServletRequest request, HttpServletResponse response, jakarta.servlet.FilterChain chain)
                throws jakarta.servlet.ServletException, IOException {
            String path = request.getRequestURI();
            if (path.startsWith(START + "/")) {
                String orgId = path.substring(START.length() + 1);
                if (registrations.findByRegistrationId(orgId) == null) {
                    signIn.refused(
                            org.carechat.web.IdFormat.isValid(orgId) ? orgId : null,
                            null,
                            request.getRemoteAddr(),
                            SsoSignIn.Refusal.UNAVAILABLE);
                    refuse(response, SsoSignIn.Refusal.UNAVAILABLE);
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    /** The provider's tokens are used once, to learn who signed in; CareChat keeps none of them. */
    private static final class NoAuthorizedClients implements OAuth2AuthorizedClientRepository {
        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(
                String registrationId, Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(
                OAuth2AuthorizedClient client,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}

        @Override
        public void removeAuthorizedClient(
                String registrationId,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}
    }
}
