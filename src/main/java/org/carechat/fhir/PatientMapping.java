package org.carechat.fhir;

import java.util.Optional;
import org.carechat.patient.NewPatient;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * A FHIR R4 {@code Patient} as a CareChat patient record: the patient id is the identifier typed {@code MR}
 * (HL7 v2 table 0203, as US Core and most national profiles carry the MRN), else the first identifier; the name is
 * the {@code official} one, else the first; the mobile is the phone marked {@code mobile}, else the first phone; the
 * e-mail the first. A record missing what CareChat requires is left out by the patient service's checks.
 */
final class PatientMapping {

    private PatientMapping() {}

    static NewPatient toRecord(Patient p) {
        HumanName name = p.getName().stream()
                .filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL)
                .findFirst()
                .orElse(p.getNameFirstRep());
        return new NewPatient(
                mrn(p).orElse(""),
                name.getGivenAsSingleString(),
                name.hasFamily() ? name.getFamily() : "",
                p.hasBirthDate() ? p.getBirthDateElement().getValueAsString() : "",
                phone(p).orElse(null),
                email(p).orElse(null));
    }

    /** The EHR patient that replaced this one (a merge), if the record says so. */
    static Optional<String> replacedBy(Patient p) {
        return p.getLink().stream()
                .filter(l -> l.getType() == Patient.LinkType.REPLACEDBY)
                .map(l -> l.getOther().getReferenceElement().getIdPart())
                .filter(id -> id != null && !id.isBlank())
                .findFirst();
    }

    private static Optional<String> mrn(Patient p) {
        return p.getIdentifier().stream()
                .filter(i -> i.getType().getCoding().stream().anyMatch(c -> "MR".equals(c.getCode())))
                .map(Identifier::getValue)
                .filter(v -> v != null && !v.isBlank())
                .findFirst()
                .or(() -> p.getIdentifier().stream()
                        .map(Identifier::getValue)
                        .filter(v -> v != null && !v.isBlank())
                        .findFirst());
    }

    private static Optional<String> phone(Patient p) {
        return p.getTelecom().stream()
                .filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.PHONE)
                .sorted((a, b) -> Boolean.compare(
                        b.getUse() == ContactPoint.ContactPointUse.MOBILE,
                        a.getUse() == ContactPoint.ContactPointUse.MOBILE))
                .map(ContactPoint::getValue)
                .findFirst();
    }

    private static Optional<String> email(Patient p) {
        return p.getTelecom().stream()
                .filter(t -> t.getSystem() == ContactPoint.ContactPointSystem.EMAIL)
                .map(ContactPoint::getValue)
                .findFirst();
    }
}
