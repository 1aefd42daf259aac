package org.carechat.identity;

/** A staff member as other features see them. The password hash never leaves the identity package. */
public record User(
        String id,
        String orgId,
        String username,
        String displayName,
        Role role,
        boolean systemAdmin,
        boolean disabled,
        long createdAt) {}
