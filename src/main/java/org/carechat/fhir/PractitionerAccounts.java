package org.carechat.fhir;

import java.util.Locale;
import java.util.Optional;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Practitioner;
import org.springframework.stereotype.Component;

/**
 * Which CareChat staff account an EHR {@code Practitioner} is (docs/decisions.md, 2026-12-06): first an
 * {@code identifier} in the system {@value #USERNAME_SYSTEM} whose value is the account's username; else a
 * {@code telecom} e-mail that is an account's username (CareChat usernames are often the work e-mail address, as
 * single sign-on's link by e-mail assumes). Only an active staff account matches: never a patient's account, never a
 * disabled one. No match leaves the practitioner without an account (they get no access from the record).
 */
@Component
class PractitionerAccounts {

    /** The identifier system a hospital gives a Practitioner to name their CareChat username outright. */
    static final String USERNAME_SYSTEM = "urn:carechat:username";

    private final UserService users;

    PractitionerAccounts(UserService users) {
        this.users = users;
    }

    /** A practitioner matched to an account, and by which rule ({@code identifier} or {@code email}). */
    record Match(String userId, String matchedBy) {}

    Optional<Match> match(String orgId, Practitioner practitioner) {
        for (Identifier identifier : practitioner.getIdentifier()) {
            if (USERNAME_SYSTEM.equals(identifier.getSystem()) && identifier.hasValue()) {
                Optional<User> user = staff(orgId, identifier.getValue());
                if (user.isPresent()) {
                    return Optional.of(new Match(user.get().id(), "identifier"));
                }
            }
        }
        for (ContactPoint telecom : practitioner.getTelecom()) {
            if (telecom.getSystem() == ContactPoint.ContactPointSystem.EMAIL && telecom.hasValue()) {
                Optional<User> user = staff(orgId, telecom.getValue().strip().toLowerCase(Locale.ROOT));
                if (user.isPresent()) {
                    return Optional.of(new Match(user.get().id(), "email"));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<User> staff(String orgId, String username) {
        return users.findByUsername(orgId, username).filter(u -> !u.isPatient() && !u.disabled());
    }
}
