package org.carechat.identity.sso;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.identity.Role;
import org.carechat.identity.SingleSignOnAccounts;
import org.carechat.identity.TokenService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.storage.Transactions;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Service;

/**
 * Turns a person the organisation's identity provider has signed in (a validated ID token) into a CareChat session:
 * finds the account linked to the provider's subject, or links one by verified e-mail, or creates one — each only
 * where the organisation allows it — with the role its groups map to (set again at every sign-in where the
 * organisation lets the groups decide roles), and issues the same session a password
 * sign-in makes. Every outcome is audited with ids only.
 */
@Service
class SsoSignIn {

    /** Why a sign-in was refused; the code travels to the sign-in page, which explains it. */
    enum Refusal {
        NOT_IN_GROUP,
        NO_ACCOUNT,
        DISABLED,
        MFA_REQUIRED,
        UNAVAILABLE,
        FAILED;

        String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A session, or the reason there is none. */
    record Outcome(TokenService.Issued session, Refusal refusal) {}

    /** {@code amr} values (RFC 8176) that mean more than a password was used. */
    private static final Set<String> SECOND_FACTOR_METHODS =
            Set.of("mfa", "otp", "hwk", "swk", "sc", "fpt", "face", "iris", "retina", "vbm", "sms", "tel", "pop");

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._@-]{3,64}");

    private final SsoRepository repository;
    private final UserService users;
    private final SingleSignOnAccounts accounts;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Clock clock;

    SsoSignIn(
            SsoRepository repository,
            UserService users,
            SingleSignOnAccounts accounts,
            AuditLog audit,
            Transactions transactions,
            Clock clock) {
        this.repository = repository;
        this.users = users;
        this.accounts = accounts;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    Outcome signIn(String orgId, OidcUser person, String ip) {
        Optional<SsoProvider> provider =
                repository.find(orgId).map(SsoRepository.Stored::provider).filter(SsoProvider::enabled);
        if (provider.isEmpty()) {
            return refused(orgId, null, ip, Refusal.UNAVAILABLE);
        }
        SsoProvider p = provider.get();
        Optional<Role> role = mappedRole(p, person.getClaims().get(p.groupsClaim()));
        boolean mfa = secondFactor(person);
        String issuer = person.getIssuer().toString();
        Optional<String> linked = repository.linkedUser(orgId, issuer, person.getSubject());
        if (role.isEmpty()) {
            return refused(orgId, linked.orElse(null), ip, Refusal.NOT_IN_GROUP);
        }
        if (p.requireMfa() && !mfa) {
            return refused(orgId, linked.orElse(null), ip, Refusal.MFA_REQUIRED);
        }
        return transactions.write(() -> {
            Optional<User> user = linked.flatMap(id -> users.find(orgId, id))
                    .or(() -> linkByEmail(p, person, issuer, ip))
                    .or(() -> provision(p, person, issuer, role.get(), ip));
            if (user.isEmpty()) {
                return refused(orgId, null, ip, Refusal.NO_ACCOUNT);
            }
            if (user.get().disabled() || user.get().isPatient()) {
                return refused(orgId, user.get().id(), ip, Refusal.DISABLED);
            }
            User signedIn =
                    p.rolesFollowGroups() ? accounts.followProviderRole(user.get(), role.get(), ip) : user.get();
            TokenService.Issued session = accounts.session(signedIn, ip, mfa);
            repository.recordSession(
                    session.id(), orgId, mfa, claimText(person.getClaims().get("amr")), acr(person), clock.millis());
            return new Outcome(session, null);
        });
    }

    /** The most capable role among the person's groups that the organisation maps. */
    static Optional<Role> mappedRole(SsoProvider p, Object groupsClaim) {
        Collection<?> groups = groupsClaim instanceof Collection<?> list
                ? list
                : groupsClaim == null ? List.of() : List.of(groupsClaim.toString());
        return groups.stream()
                .map(g -> p.groupRoles().get(String.valueOf(g)))
                .filter(r -> r != null)
                .min(java.util.Comparator.comparingInt(SsoSignIn::rank));
    }

    private static int rank(Role role) {
        return switch (role) {
            case ADMIN -> 0;
            case CLINICIAN -> 1;
            case NURSE -> 2;
            default -> 3;
        };
    }

    static boolean secondFactor(OidcUser person) {
        Object amr = person.getClaims().get("amr");
        if (amr instanceof Collection<?> methods) {
            return methods.stream()
                    .map(m -> String.valueOf(m).toLowerCase(Locale.ROOT))
                    .anyMatch(SECOND_FACTOR_METHODS::contains);
        }
        return false;
    }

    private Optional<User> linkByEmail(SsoProvider p, OidcUser person, String issuer, String ip) {
        if (!p.linkByEmail() || person.getEmail() == null || !Boolean.TRUE.equals(person.getEmailVerified())) {
            return Optional.empty();
        }
        Optional<User> match = users.findByUsername(p.orgId(), person.getEmail())
                .filter(u -> !u.isPatient() && !repository.isLinked(u.id()));
        match.ifPresent(u -> link(p.orgId(), issuer, person.getSubject(), u, ip, "email"));
        return match;
    }

    private Optional<User> provision(SsoProvider p, OidcUser person, String issuer, Role role, String ip) {
        if (!p.provisionAccounts()) {
            return Optional.empty();
        }
        User user = accounts.create(p.orgId(), username(person), displayName(person), role, ip);
        link(p.orgId(), issuer, person.getSubject(), user, ip, "provisioned");
        return Optional.of(user);
    }

    private void link(String orgId, String issuer, String subject, User user, String ip, String how) {
        repository.link(orgId, issuer, subject, user.id(), clock.millis());
        audit.record(AuditEvent.of(AuditType.USER_UPDATED)
                .org(orgId)
                .actor(user.id(), ip)
                .target("user", user.id())
                .detail("change", "sso_linked")
                .detail("how", how));
    }

    private static String username(OidcUser person) {
        for (String candidate : new String[] {person.getPreferredUsername(), person.getEmail()}) {
            if (candidate != null
                    && USERNAME.matcher(candidate.toLowerCase(Locale.ROOT)).matches()) {
                return candidate.toLowerCase(Locale.ROOT);
            }
        }
        return "sso-" + Integer.toHexString(person.getSubject().hashCode());
    }

    private static String displayName(OidcUser person) {
        String name = person.getFullName();
        if (name == null || name.isBlank()) {
            name = person.getPreferredUsername() == null ? "Single sign-on user" : person.getPreferredUsername();
        }
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    private static String acr(OidcUser person) {
        return claimText(person.getClaims().get("acr"));
    }

    private static String claimText(Object claim) {
        if (claim == null) {
            return null;
        }
        String text = claim instanceof Collection<?> list
                ? String.join(" ", list.stream().map(String::valueOf).toList())
                : claim.toString();
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    /**
     * Audits a provider answer that Spring Security's checks refused (state, code, ID token signature, issuer,
     * audience, expiry or nonce); {@code check} is the OAuth2 error code, never a token or a claim.
     */
    void refusedByCheck(String orgId, String ip, String check) {
        audit.refused(AuditEvent.of(AuditType.SIGN_IN)
                .org(orgId)
                .actor(null, ip)
                .detail("method", "sso")
                .detail("reason", Refusal.FAILED.code())
                .detail("check", check.length() > 60 ? check.substring(0, 60) : check));
    }

    Outcome refused(String orgId, String userId, String ip, Refusal refusal) {
        audit.refused(AuditEvent.of(AuditType.SIGN_IN)
                .org(orgId)
                .actor(userId, ip)
                .detail("method", "sso")
                .detail("reason", refusal.code()));
        return new Outcome(null, refusal);
    }
}
