package org.carechat.identity;

import java.time.Clock;
import java.util.Locale;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.storage.Ids;
import org.springframework.stereotype.Service;

/**
 * What single sign-on ({@code identity/sso}) needs of accounts and sessions once the organisation's identity provider
 * has vouched for a person: their account made without a password, and their browser session — the very session a
 * password sign-in makes (cookie, CSRF token, idle and absolute time-outs), not a second kind.
 */
@Service
public class SingleSignOnAccounts {

    private final UserRepository users;
    private final TokenService tokens;
    private final AuditLog audit;
    private final Ids ids;
    private final Clock clock;

    SingleSignOnAccounts(UserRepository users, TokenService tokens, AuditLog audit, Ids ids, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Creates the account of a staff member whose organisation's identity provider has just signed them in for the
     * first time (provisioning on): no password, the role the provider's groups map to. A taken {@code username} gets
     * a numbered suffix. Call in a write transaction; audited as created through SSO.
     */
    public User create(String orgId, String username, String displayName, Role role, String ip) {
        if (!role.isStaff()) {
            throw new IllegalArgumentException("single sign-on makes staff accounts only");
        }
        String base = username.strip().toLowerCase(Locale.ROOT);
        String free = base;
        for (int n = 2; users.usernameTaken(orgId, free); n++) {
            free = base + "-" + n;
        }
        User user = new User(ids.next(), orgId, free, displayName.strip(), role, false, false, clock.millis(), null);
        users.insert(user, null, false, null);
        audit.record(AuditEvent.of(AuditType.USER_CREATED)
                .org(orgId)
                .actor(null, ip)
                .target("user", user.id())
                .detail("role", role.code())
                .detail("via", "sso"));
        return user;
    }

    /**
     * Gives a linked staff account the role its provider groups map to now, where the organisation lets the groups
     * decide roles at every sign-in: someone the provider moved to another group signs in with the new role, and an
     * admin removed from the admins' group is an admin no longer. Writes nothing when the role is already that one.
     * Call in a write transaction; a change is audited as made by single sign-on.
     */
    public User followProviderRole(User user, Role role, String ip) {
        if (!role.isStaff() || user.isPatient()) {
            throw new IllegalArgumentException("single sign-on sets staff roles only");
        }
        if (user.role() == role) {
            return user;
        }
        users.update(user.orgId(), user.id(), user.displayName(), role, user.disabled());
        audit.record(AuditEvent.of(AuditType.USER_UPDATED)
                .org(user.orgId())
                .actor(null, ip)
                .target("user", user.id())
                .detail("change", "role_from_provider")
                .detail("from", user.role().code())
                .detail("role", role.code()));
        return new User(
                user.id(),
                user.orgId(),
                user.username(),
                user.displayName(),
                role,
                user.systemAdmin(),
                user.disabled(),
                user.createdAt(),
                user.patientId());
    }

    /**
     * Issues the browser session of an enabled staff member the provider has just signed in; {@code mfa} is whether
     * the provider reported a second factor. Call in a write transaction; audited as a sign-in by SSO.
     */
    public TokenService.Issued session(User user, String ip, boolean mfa) {
        return session(user, ip, mfa, "sso", "browser (single sign-on)");
    }

    /**
     * The same session for a staff member an EHR has signed in (SMART App Launch), audited with {@code method} (e.g.
     * {@code ehr_launch}).
     *
     * @param deviceName how the session is listed among the user's sessions
     */
    public TokenService.Issued session(User user, String ip, boolean mfa, String method, String deviceName) {
        if (user.isPatient() || user.disabled()) {
            throw new IllegalArgumentException("single sign-on sessions are for enabled staff accounts");
        }
        TokenService.Issued issued = tokens.issue(user, TokenService.Kind.SESSION, deviceName);
        audit.record(AuditEvent.of(AuditType.SIGN_IN)
                .org(user.orgId())
                .actor(user.id(), ip)
                .target("token", issued.id())
                .detail("kind", "session")
                .detail("method", method)
                .detail("providerMfa", mfa));
        return issued;
    }
}
