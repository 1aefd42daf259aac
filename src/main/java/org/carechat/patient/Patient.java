package org.carechat.patient;

/**
 * A patient record of an organisation (not an account: patients sign in from issue #5 on).
 *
 * @param mrn       the organisation's patient id / medical record number, unique within it
 * @param birthDate ISO date, {@code YYYY-MM-DD}
 */
public record Patient(
        String id,
        String orgId,
        String mrn,
        String givenName,
        String familyName,
        String birthDate,
        String mobile,
        String email,
        long createdAt) {

    public String displayName() {
        return givenName + " " + familyName;
    }

    /** Ids only: a patient's name, birth date and contacts never reach a log through this. */
    @Override
    public String toString() {
        return "Patient[id=" + id + ", orgId=" + orgId + "]";
    }
}
