package org.carechat.testing;

import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * One real OpenID Connect provider (mock-oauth2-server on loopback) for the tests that only need an issuer whose
 * discovery document answers — the access and audit tables save single sign-on settings with it. Started at first
 * use, stopped when the test JVM ends.
 */
public final class SharedOidcProvider {

    private static MockOAuth2Server server;

    private SharedOidcProvider() {}

    /** The issuer URL of {@code issuerId} at the shared provider. */
    public static synchronized String issuer(String issuerId) {
        if (server == null) {
            MockOAuth2Server started = new MockOAuth2Server();
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown));
            server = started;
        }
        String url = server.issuerUrl(issuerId).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A complete single sign-on settings body for {@code PUT /api/v1/orgs/current/sso}. */
    public static java.util.Map<String, Object> settings() {
        java.util.Map<String, Object> body = new java.util.HashMap<>();
        body.put("enabled", true);
        body.put("displayName", "Hospital Login");
        body.put("issuer", issuer("carechat"));
        body.put("clientId", "carechat-test");
        body.put("clientSecret", "a client secret for the tests");
        body.put("groupsClaim", "groups");
        body.put("groupRoles", java.util.Map.of("cc-nurses", "nurse"));
        body.put("provisionAccounts", true);
        body.put("linkByEmail", false);
        body.put("passwordSignInOff", false);
        body.put("requireMfa", false);
        return body;
    }
}
