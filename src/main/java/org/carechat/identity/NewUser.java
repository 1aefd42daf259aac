package org.carechat.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A staff member to create.
 *
 * @param username           sign-in name, unique within the organisation: 3 to 64 of a-z, 0-9, and . _ @ -
 * @param password           12 to 128 characters
 * @param mustChangePassword the user must choose their own password at first sign-in (default true)
 */
public record NewUser(
        @NotBlank
        @Size(min = 3, max = 64)
        @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "may contain only letters, digits and . _ @ -")
        String username,

        @NotBlank @Size(max = 100) String displayName,
        @NotNull Role role,

        @NotNull @Size(min = PasswordHasher.MIN_LENGTH, max = PasswordHasher.MAX_LENGTH)
        String password,

        Boolean mustChangePassword) {

    /** Without the password: frameworks log request bodies at debug level. */
    @Override
    public String toString() {
        return "NewUser[username=" + username + ", role=" + role + ", password=***]";
    }
}
