package org.carechat.identity;

/**
 * A user as other features see them: a staff member, or a patient's account (role {@code patient}, with the id of
 * their record in {@code patientId}). The password hash never leaves the identity package.
 */
public record User(
        String id,
        String orgId,
        String username,
        String displayName,
        Role role,
        boolean systemAdmin,
        boolean disabled,
        long createdAt,
        String patientId) {

    public boolean isPatient() {
        return role == Role.PATIENT;
    }
}
