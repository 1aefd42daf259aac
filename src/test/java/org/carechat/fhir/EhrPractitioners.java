package org.carechat.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Practitioner;

/** The EHR's practitioners for the tests: read by id. */
public final class EhrPractitioners implements IResourceProvider {

    final Map<String, Practitioner> records = new ConcurrentHashMap<>();

    @Override
    public Class<Practitioner> getResourceType() {
        return Practitioner.class;
    }

    /** A practitioner whose work e-mail is {@code email}. */
    static Practitioner withEmail(String id, String email) {
        Practitioner p = new Practitioner();
        p.setId(id);
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(email);
        return p;
    }

    /** A practitioner who carries their CareChat username as an identifier. */
    static Practitioner withUsername(String id, String username) {
        Practitioner p = new Practitioner();
        p.setId(id);
        p.addIdentifier().setSystem(PractitionerAccounts.USERNAME_SYSTEM).setValue(username);
        return p;
    }

    void put(Practitioner practitioner) {
        records.put(practitioner.getIdElement().getIdPart(), practitioner);
    }

    @Read
    public Practitioner read(@IdParam IdType id) {
        Practitioner p = records.get(id.getIdPart());
        if (p == null) {
            throw new ResourceNotFoundException(id);
        }
        return p;
    }
}
