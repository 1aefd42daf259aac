package org.carechat.identity.sso;

import java.util.Map;
import org.carechat.identity.Role;

/**
 * An organisation's OpenID Connect provider as stored (the client secret stays sealed in the repository).
 *
 * @param groupRoles        provider group (a value of the {@code groupsClaim} claim) to CareChat role
 * @param provisionAccounts create the account at a first sign-in when none is linked or matched
 * @param linkByEmail       link a first sign-in to the account whose username is the verified {@code email} claim
 * @param passwordSignInOff accounts linked to the provider may not sign in with a password
 * @param requireMfa        refuse a sign-in the provider did not report a second factor for ({@code amr})
 * @param rolesFollowGroups a linked account's role is set to its groups' role at every sign-in, not only when made
 */
public record SsoProvider(
        String orgId,
        boolean enabled,
        String displayName,
        String issuer,
        String clientId,
        boolean hasClientSecret,
        String groupsClaim,
        Map<String, Role> groupRoles,
        boolean provisionAccounts,
        boolean linkByEmail,
        boolean passwordSignInOff,
        boolean requireMfa,
        boolean rolesFollowGroups,
        long updatedAt) {}
