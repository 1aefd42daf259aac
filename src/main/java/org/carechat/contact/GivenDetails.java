package org.carechat.contact;

/**
 * Who a person said they are on the public contact form, as typed (stored sealed).
 *
 * @param birthDate ISO date, {@code YYYY-MM-DD}
 * @param mobile    the number as typed; the request keeps its E.164 form apart
 */
record GivenDetails(String givenName, String familyName, String birthDate, String mobile) {

    String name() {
        return (givenName + " " + familyName).strip();
    }

    /** Nothing that identifies the person. */
    @Override
    public String toString() {
        return "GivenDetails[…]";
    }
}
