package org.carechat.identity.sso;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.carechat.crypto.SecretBox;
import org.carechat.web.IdFormat;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.stereotype.Component;

/**
 * The OAuth2 client registration of each organisation, read from its single sign-on settings: the registration id is
 * the organisation's id. The provider's endpoints come from its discovery document, fetched once per settings
 * version; a settings change (on any node) is seen at the next sign-in, without a restart.
 */
@Component
class OrgClientRegistrations implements ClientRegistrationRepository {

    static final String SECRET_PURPOSE = "sso-client-secret";
    static final String CALLBACK = "/sso/callback/";

    private final SsoRepository repository;
    private final SecretBox secrets;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    OrgClientRegistrations(SsoRepository repository, SecretBox secrets) {
        this.repository = repository;
        this.secrets = secrets;
    }

    private record Cached(long updatedAt, ClientRegistration registration) {}

    /** The registration of {@code orgId}, or null when it has no enabled provider or the provider cannot be reached. */
    @Override
    public ClientRegistration findByRegistrationId(String orgId) {
        if (orgId == null || !IdFormat.isValid(orgId)) {
            return null;
        }
        Optional<SsoRepository.Stored> stored =
                repository.find(orgId).filter(s -> s.provider().enabled() && s.sealedSecret() != null);
        if (stored.isEmpty()) {
            cache.remove(orgId);
            return null;
        }
        SsoProvider p = stored.get().provider();
        Cached cached = cache.get(orgId);
        if (cached != null && cached.updatedAt() == p.updatedAt()) {
            return cached.registration();
        }
        try {
            ClientRegistration registration = discover(p.issuer())
                    .registrationId(orgId)
                    .clientName(p.displayName())
                    .clientId(p.clientId())
                    .clientSecret(new String(
                            secrets.open(SECRET_PURPOSE, orgId, stored.get().sealedSecret()), StandardCharsets.UTF_8))
                    .redirectUri("{baseUrl}" + CALLBACK + "{registrationId}")
                    .scope("openid", "profile", "email")
                    .clientSettings(ClientRegistration.ClientSettings.builder()
                            .requireProofKey(true)
                            .build())
                    .build();
            cache.put(orgId, new Cached(p.updatedAt(), registration));
            return registration;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The provider's endpoints from its discovery document ({@code <issuer>/.well-known/openid-configuration}), whose
     * {@code issuer} must equal {@code issuer}.
     *
     * @throws IllegalArgumentException or a web client exception when the document cannot be read or does not match
     */
    static ClientRegistration.Builder discover(String issuer) {
        return ClientRegistrations.fromOidcIssuerLocation(issuer);
    }

    /** The provider's RP-initiated logout endpoint ({@code end_session_endpoint}), when it has one. */
    Optional<String> endSessionEndpoint(String orgId) {
        ClientRegistration registration = findByRegistrationId(orgId);
        if (registration == null) {
            return Optional.empty();
        }
        Object endpoint =
                registration.getProviderDetails().getConfigurationMetadata().get("end_session_endpoint");
        return endpoint == null ? Optional.empty() : Optional.of(endpoint.toString());
    }
}
