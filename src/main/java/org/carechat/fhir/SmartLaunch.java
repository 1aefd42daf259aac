package org.carechat.fhir;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.SingleSignOnAccounts;
import org.carechat.identity.TokenService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.storage.Transactions;
import org.hl7.fhir.r4.model.Practitioner;
import org.springframework.stereotype.Service;

/**
 * SMART App Launch, EHR launch: the EHR opens CareChat with {@code iss} (its FHIR base URL) and {@code launch}; CareChat
 * finds the organisation connected to that FHIR server, reads the EHR's SMART configuration and sends the browser to
 * its authorisation endpoint (authorisation code with PKCE S256, a one-time state bound to the browser by a cookie).
 * On the way back it exchanges the code ({@link LaunchTokens}), finds the clinician's staff account from the ID
 * token's {@code fhirUser} (the Practitioner, matched as care teams match it), issues the browser session a password
 * sign-in makes, and names the patient's record whose history the app opens. Every outcome is audited.
 */
@Service
class SmartLaunch {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final String SCOPES = "launch openid fhirUser";

    private final SecureRandom random = new SecureRandom();
    private final FhirConnectionRepository connections;
    private final SmartConfiguration discovery;
    private final LaunchRepository launches;
    private final LaunchTokens tokens;
    private final SigningKeys keys;
    private final EhrCareTeamRepository practitioners;
    private final PractitionerAccounts accounts;
    private final FhirClients clients;
    private final DirectoryRepository directory;
    private final UserService users;
    private final SingleSignOnAccounts sessions;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;

    SmartLaunch(
            FhirConnectionRepository connections,
            SmartConfiguration discovery,
            LaunchRepository launches,
            LaunchTokens tokens,
            SigningKeys keys,
            EhrCareTeamRepository practitioners,
            PractitionerAccounts accounts,
            FhirClients clients,
            DirectoryRepository directory,
            UserService users,
            SingleSignOnAccounts sessions,
            AuditLog audit,
            Transactions transactions,
            Clock clock) {
        this.connections = connections;
        this.discovery = discovery;
        this.launches = launches;
        this.tokens = tokens;
        this.keys = keys;
        this.practitioners = practitioners;
        this.accounts = accounts;
        this.clients = clients;
        this.directory = directory;
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Where to send the browser, and the state its cookie must carry back. */
    record Redirect(URI authorize, String state) {}

    /**
     * A signed-in clinician.
     *
     * @param recordId the CareChat record of the patient in context, or null when CareChat has none
     */
    record Launched(TokenService.Issued session, String recordId) {}

    /** @throws LaunchRefused when no organisation is connected to {@code iss} or the EHR cannot be read */
    Redirect start(String iss, String launch, String redirectUri) {
        String orgId = connections
                .orgWithBaseUrl(iss)
                .orElseThrow(() -> new LaunchRefused(
                        "unknown_iss",
                        "No organisation on this CareChat server is connected to that FHIR server; an administrator "
                                + "sets the FHIR base URL under Console → Settings → EHR integration"));
        FhirConnection connection = connections.find(orgId).orElseThrow().connection();
        SmartConfiguration.Endpoints endpoints;
        try {
            endpoints = discovery.discover(connection.baseUrl());
        } catch (FhirUnavailable e) {
            throw new LaunchRefused("ehr_unavailable", "The EHR's SMART configuration could not be read; try again");
        }
        if (endpoints.authorizationEndpoint() == null) {
            throw new LaunchRefused("no_authorize", "The EHR's SMART configuration names no authorization_endpoint");
        }
        String state = secret();
        String verifier = secret() + secret();
        long now = clock.millis();
        transactions.run(() -> {
            launches.forgetStale(now - LIFETIME.toMillis());
            launches.insert(new LaunchRepository.Started(
                    state, orgId, verifier, endpoints.tokenEndpoint(), endpoints.issuer(), endpoints.jwksUri(), now));
        });
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", connection.clientId());
        query.put("redirect_uri", redirectUri);
        query.put("launch", launch);
        query.put("scope", SCOPES);
        query.put("state", state);
        query.put("aud", connection.baseUrl());
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        String separator = endpoints.authorizationEndpoint().contains("?") ? "&" : "?";
        return new Redirect(URI.create(endpoints.authorizationEndpoint() + separator + encode(query)), state);
    }

    /**
     * Finishes a launch: exchanges the code, signs the clinician in.
     *
     * @param browserState the state the browser's launch cookie carries (null when it has none)
     * @throws LaunchRefused (audited) when the launch is unknown, expired, from another browser, or names no account
     */
    Launched finish(String state, String browserState, String code, String redirectUri, String ip) {
        if (browserState == null || !browserState.equals(state)) {
            throw refused(
                    null,
                    ip,
                    new LaunchRefused(
                            "other_browser",
                            "This launch was started in another browser or has expired; open CareChat from the patient's "
                                    + "chart again"));
        }
        LaunchRepository.Started launch = transactions
                .write(() -> launches.take(state))
                .filter(l -> l.createdAt() > clock.millis() - LIFETIME.toMillis())
                .orElseThrow(() -> refused(
                        null,
                        ip,
                        new LaunchRefused(
                                "expired",
                                "This launch has expired or was used already; open CareChat from the chart again")));
        try {
            FhirConnectionRepository.Stored stored =
                    connections.find(launch.orgId()).orElseThrow();
            LaunchTokens.Exchanged exchanged = tokens.exchange(
                    launch,
                    stored.connection().clientId(),
                    keys.open(launch.orgId(), stored.sealedKey()),
                    code,
                    redirectUri);
            User user = clinician(launch.orgId(), LaunchTokens.claim(exchanged.idToken(), "fhirUser"));
            String recordId = exchanged.patient() == null
                    ? null
                    : directory.recordOf(launch.orgId(), exchanged.patient()).orElse(null);
            TokenService.Issued session = transactions.write(
                    () -> sessions.session(user, ip, false, "ehr_launch", "browser (launched from the EHR)"));
            return new Launched(session, recordId);
        } catch (LaunchRefused e) {
            throw refused(launch.orgId(), ip, e);
        }
    }

    /** The EHR's authorisation server sent the browser back with an error instead of a code: audited, refused. */
    LaunchRefused deniedByEhr(String ip) {
        return refused(
                null,
                ip,
                new LaunchRefused(
                        "ehr_denied",
                        "The EHR's authorisation server did not authorise the launch; open CareChat from the patient's "
                                + "chart again, or ask an administrator to check CareChat's registration"));
    }

    /** The staff account of the Practitioner {@code fhirUser} names (relative or absolute reference). */
    private User clinician(String orgId, String fhirUser) {
        String[] parts = fhirUser == null ? new String[0] : fhirUser.split("/");
        if (parts.length < 2 || !parts[parts.length - 2].equals("Practitioner")) {
            throw new LaunchRefused(
                    "not_a_practitioner",
                    "The EHR did not name a practitioner (fhirUser); only staff can launch CareChat");
        }
        String practitioner = parts[parts.length - 1];
        Optional<String> userId = practitioners.accountOf(orgId, practitioner).or(() -> matched(orgId, practitioner));
        return userId.flatMap(id -> users.find(orgId, id))
                .filter(u -> !u.isPatient() && !u.disabled())
                .orElseThrow(() -> new LaunchRefused(
                        "no_account",
                        "No active CareChat staff account matches you in the EHR (Practitioner/" + practitioner
                                + "); ask an administrator to give your account your work e-mail as username"));
    }

    /** A practitioner no care team has brought yet: read now (Backend Services) and matched. */
    private Optional<String> matched(String orgId, String practitioner) {
        try {
            var client = clients.forOrg(orgId).orElseThrow();
            return accounts.match(
                            orgId,
                            client.read()
                                    .resource(Practitioner.class)
                                    .withId(practitioner)
                                    .execute())
                    .map(PractitionerAccounts.Match::userId);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private LaunchRefused refused(String orgId, String ip, LaunchRefused refusal) {
        audit.refused(AuditEvent.of(AuditType.SIGN_IN)
                .org(orgId)
                .actor(null, ip)
                .detail("method", "ehr_launch")
                .detail("reason", refusal.reason()));
        return refusal;
    }

    private String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
