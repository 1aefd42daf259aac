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
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;

/**
 * The EHR's DocumentReferences for the tests: a create with {@code If-None-Exist: identifier=system|value} stores
 * nothing when one with that identifier exists (FHIR's conditional create). {@link #down} makes every create fail.
 */
public final class EhrDocuments implements IResourceProvider {

    /** By the id the EHR gave each. */
    final Map<String, DocumentReference> records = new ConcurrentHashMap<>();

    final AtomicInteger creates = new AtomicInteger();
    volatile boolean down;

    @Override
    public Class<DocumentReference> getResourceType() {
        return DocumentReference.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam DocumentReference document, @ConditionalUrlParam String conditional) {
        int n = creates.incrementAndGet();
        if (down) {
            throw new InternalErrorException("the EHR is down for maintenance");
        }
        if (conditional != null) {
            String asked = URLDecoder.decode(
                    conditional.substring(conditional.indexOf("identifier=") + "identifier=".length()),
                    StandardCharsets.UTF_8);
            var existing = records.values().stream()
                    .filter(d -> identifier(d).equals(asked))
                    .findFirst();
            if (existing.isPresent()) {
                return new MethodOutcome(existing.get().getIdElement(), false);
            }
        }
        String id = "doc-" + n;
        document.setId(new IdType("DocumentReference", id));
        records.put(id, document);
        return new MethodOutcome(document.getIdElement(), true);
    }

    private static String identifier(DocumentReference d) {
        return d.getIdentifierFirstRep().getSystem() + "|"
                + d.getIdentifierFirstRep().getValue();
    }
}
