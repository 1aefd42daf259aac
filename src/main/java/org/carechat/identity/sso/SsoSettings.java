package org.carechat.identity.sso;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carechat.audit.AuditType;
import org.carechat.crypto.SecretBox;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.Role;
import org.carechat.identity.RolePolicy;
import org.carechat.storage.Transactions;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * An organisation's single sign-on settings as its admins read and change them. Every change is checked (the issuer
 * is https, or http on this machine only; its discovery document answers and names the same issuer), audited, and
 * used from the next sign-in on, on every node. The client secret is write-only: sealed at rest, never shown again.
 */
@Service
public class SsoSettings {

    static final int MAX_GROUPS = 50;
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final SsoRepository repository;
    private final SecretBox secrets;
    private final RolePolicy roles;
    private final Transactions transactions;
    private final org.carechat.audit.AuditLog audit;
    private final Clock clock;

    SsoSettings(
            SsoRepository repository,
            SecretBox secrets,
            RolePolicy roles,
            Transactions transactions,
            org.carechat.audit.AuditLog audit,
            Clock clock) {
        this.repository = repository;
        this.secrets = secrets;
        this.roles = roles;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A change: every field (the secret may be left out to keep the stored one, {@code rolesFollowGroups} left out
     * (null) keeps the stored choice — off for a new provider).
     */
    public record Change(
            boolean enabled,
            String displayName,
            String issuer,
            String clientId,
            String clientSecret,
            String groupsClaim,
            Map<String, String> groupRoles,
            boolean provisionAccounts,
            boolean linkByEmail,
            boolean passwordSignInOff,
            boolean requireMfa,
            Boolean rolesFollowGroups) {
        @Override
        public String toString() {
            return "Change[issuer=" + issuer + ", clientSecret=***]";
        }
    }

    /** The organisation's settings; empty when single sign-on was never set up. */
    public Optional<SsoProvider> find(String orgId) {
        return repository.find(orgId).map(SsoRepository.Stored::provider);
    }

    /**
     * Replaces the settings of the admin's organisation.
     *
     * @throws ApiProblem 403 for a non-admin; 400 naming the first field that is wrong, or the discovery failure
     */
    public SsoProvider save(CurrentUser admin, Change change) {
        roles.requireAdmin(admin, AuditType.SETTINGS_CHANGED, "Only an organisation admin can change single sign-on");
        String issuer = checkedIssuer(change.issuer());
        Map<String, Role> groupRoles = checkedGroups(change.groupRoles());
        Optional<SsoRepository.Stored> before = repository.find(admin.orgId());
        boolean newSecret =
                change.clientSecret() != null && !change.clientSecret().isBlank();
        if (!newSecret && before.map(SsoRepository.Stored::sealedSecret).isEmpty()) {
            throw ApiProblem.badRequest("clientSecret: give the client secret your provider issued for CareChat");
        }
        checkDiscovery(issuer);
        SsoProvider provider = new SsoProvider(
                admin.orgId(),
                change.enabled(),
                change.displayName().strip(),
                issuer,
                change.clientId().strip(),
                true,
                change.groupsClaim().strip(),
                groupRoles,
                change.provisionAccounts(),
                change.linkByEmail(),
                change.passwordSignInOff(),
                change.requireMfa(),
                change.rolesFollowGroups() != null
                        ? change.rolesFollowGroups()
                        : before.map(s -> s.provider().rolesFollowGroups()).orElse(false),
                Math.max(
                        clock.millis(),
                        before.map(s -> s.provider().updatedAt() + 1).orElse(0L)));
        String sealed = newSecret
                ? secrets.seal(
                        OrgClientRegistrations.SECRET_PURPOSE,
                        admin.orgId(),
                        change.clientSecret().strip().getBytes(StandardCharsets.UTF_8))
                : before.get().sealedSecret();
        return transactions.write(() -> {
            repository.save(provider, sealed);
            audit.record(admin.audit(AuditType.SETTINGS_CHANGED)
                    .detail("setting", "sso")
                    .detail("enabled", provider.enabled())
                    .detail("secretReplaced", newSecret)
                    .detail("groups", groupRoles.size())
                    .detail("rolesFollowGroups", provider.rolesFollowGroups()));
            return provider;
        });
    }

    static String checkedIssuer(String issuer) {
        URI uri;
        try {
            uri = new URI(issuer.strip());
        } catch (URISyntaxException e) {
            throw ApiProblem.badRequest("issuer: not a URL; give your provider's issuer, e.g. "
                    + "https://login.microsoftonline.com/<tenant-id>/v2.0");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback =
                uri.getHost() != null && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            throw ApiProblem.badRequest("issuer: must start with https:// (plain http only for a provider on this "
                    + "machine, e.g. http://localhost:8180/realms/carechat)");
        }
        if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw ApiProblem.badRequest("issuer: give the issuer URL alone, without a query or fragment");
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    static Map<String, Role> checkedGroups(Map<String, String> groups) {
        if (groups == null || groups.isEmpty()) {
            throw ApiProblem.badRequest("groupRoles: map at least one provider group to a role; people in no mapped "
                    + "group are refused");
        }
        if (groups.size() > MAX_GROUPS) {
            throw ApiProblem.badRequest("groupRoles: at most " + MAX_GROUPS + " groups");
        }
        Map<String, Role> roles = new LinkedHashMap<>();
        groups.forEach((group, code) -> {
            if (group == null || group.isBlank() || group.length() > 200) {
                throw ApiProblem.badRequest("groupRoles: a group name must have 1 to 200 characters");
            }
            Role role = Role.parse(code == null ? "" : code.strip().toLowerCase(Locale.ROOT))
                    .filter(Role::isStaff)
                    .orElseThrow(() -> ApiProblem.badRequest("groupRoles: the role for group '" + group.strip()
                            + "' must be one of admin, clinician, nurse, staff"));
            roles.put(group.strip(), role);
        });
        return roles;
    }

    private static void checkDiscovery(String issuer) {
        try {
            OrgClientRegistrations.discover(issuer);
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("issuer: CareChat could not read the provider's discovery document at "
                    + issuer + "/.well-known/openid-configuration, or it names another issuer; check the issuer URL "
                    + "(copy it from the provider's OpenID Connect metadata) and that this server can reach it");
        }
    }
}
