package org.carechat.identity;

/**
 * A staff account as its organisation's admins see it in the console.
 *
 * @param lastSignInAt       when a browser session was last made for it (a sign-in), or null for never
 * @param secondFactor       whether it signs in with a second factor (TOTP)
 * @param mustChangePassword it holds a one-time password not yet replaced
 */
public record StaffAccount(
        String id,
        String username,
        String displayName,
        Role role,
        boolean disabled,
        long createdAt,
        Long lastSignInAt,
        boolean secondFactor,
        boolean mustChangePassword) {}
