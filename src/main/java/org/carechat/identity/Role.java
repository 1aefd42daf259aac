package org.carechat.identity;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A staff member's role in their organisation. Admins manage the organisation; the others are care staff. */
public enum Role {
    ADMIN,
    CLINICIAN,
    NURSE,
    STAFF;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
    }
}
