package org.carechat.patient;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A patient record to create; the same checks apply to each row of a CSV import. */
public record NewPatient(
        @NotBlank
        @Size(max = 64)
        @Pattern(regexp = "[A-Za-z0-9./-]+", message = "may contain only letters, digits and . / -")
        String mrn,

        @NotBlank @Size(max = 100) String givenName,
        @NotBlank @Size(max = 100) String familyName,

        @NotBlank @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}", message = "must be a date as YYYY-MM-DD")
        String birthDate,

        @Size(max = 32)
        @Pattern(regexp = "\\+?[0-9 ()-]{6,31}", message = "must be a phone number such as +447400123456")
        String mobile,

        @Size(max = 254) @Email(message = "must be an e-mail address")
        String email) {

    /** Nothing of the patient: frameworks log request bodies at debug level. */
    @Override
    public String toString() {
        return "NewPatient[***]";
    }
}
