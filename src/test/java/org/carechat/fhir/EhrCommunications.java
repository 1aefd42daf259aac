package org.carechat.fhir;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;

/**
 * The EHR's Communications for the tests: a create with {@code If-None-Exist: identifier=system|value} stores nothing
 * when one with that identifier exists, as FHIR's conditional create does. {@link #down} makes every create fail.
 */
public final class EhrCommunications implements IResourceProvider {

    /** By the id the EHR gave each. */
    final Map<String, Communication> records = new ConcurrentHashMap<>();

    final AtomicInteger creates = new AtomicInteger();
    volatile boolean down;

    @Override
    public Class<Communication> getResourceType() {
        return Communication.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Communication communication, @ConditionalUrlParam String conditional) {
        creates.incrementAndGet();
        if (down) {
            throw new InternalErrorException("the EHR is down for maintenance");
        }
        if (conditional != null) {
            String asked = URLDecoder.decode(
                    conditional.substring(conditional.indexOf("identifier=") + "identifier=".length()),
                    StandardCharsets.UTF_8);
            var existing = records.values().stream()
                    .filter(c -> identifier(c).equals(asked))
                    .findFirst();
            if (existing.isPresent()) {
                return new MethodOutcome(existing.get().getIdElement(), false);
            }
        }
        String id = Integer.toString(creates.get());
        communication.setId(new IdType("Communication", id));
        records.put(id, communication);
        return new MethodOutcome(communication.getIdElement(), true);
    }

    private static String identifier(Communication c) {
        return c.getIdentifierFirstRep().getSystem() + "|"
                + c.getIdentifierFirstRep().getValue();
    }
}
