package org.carechat.identity;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A user's role in their organisation. Admins manage the organisation; clinicians, nurses and staff are care staff;
 * a patient is a patient's own account, linked to their record and made by their registration (never by an admin).
 */
public enum Role {
    ADMIN,
    CLINICIAN,
    NURSE,
    STAFF,
    PATIENT;

    /** Everyone but patients: the roles that may use the staff app and the staff-only routes. */
    public boolean isStaff() {
        return this != PATIENT;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
    }
}
