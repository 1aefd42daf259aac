package org.carechat.fhir;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.carechat.timeline.TimelineEntry;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Reference;

/**
 * "File to record" as one FHIR {@code DocumentReference} per filing, with the conversation's texts as a PDF
 * transcript: created conditionally on its {@code identifier} ({@link #FILING_SYSTEM}, the conversation and the seq
 * of the newest text filed), so a retried pass — or filing again with no new message — writes it once.
 */
final class DocumentFiling {

    /** The identifier system of the DocumentReferences CareChat files: {@code {conversationId}:{newest text's seq}}. */
    static final String FILING_SYSTEM = "urn:carechat:filing";

    static final String LOINC = "http://loinc.org";

    private DocumentFiling() {}

    /** The requester as the document's author: the EHR practitioner matched to their account, and their name. */
    record Author(String practitionerFhirId, String name) {}

    /**
     * Creates the document (the caller is outside any transaction); nothing when there is no text to file.
     *
     * @return its id on the EHR, e.g. {@code DocumentReference/123}; null when nothing was filed
     */
    static String file(
            IGenericClient client,
            FilingRepository.Request request,
            String patientFhirId,
            Author author,
            List<TimelineEntry> texts) {
        if (texts.isEmpty()) {
            return null;
        }
        DocumentReference document = document(request, patientFhirId, author, texts);
        MethodOutcome outcome = client.create()
                .resource(document)
                .conditional()
                .where(DocumentReference.IDENTIFIER
                        .exactly()
                        .systemAndIdentifier(
                                FILING_SYSTEM, document.getIdentifierFirstRep().getValue()))
                .execute();
        return outcome.getId() == null
                ? null
                : outcome.getId().toUnqualifiedVersionless().getValue();
    }

    static DocumentReference document(
            FilingRepository.Request request, String patientFhirId, Author author, List<TimelineEntry> texts) {
        DocumentReference d = new DocumentReference();
        d.addIdentifier()
                .setSystem(FILING_SYSTEM)
                .setValue(request.conversationId() + ":" + texts.getLast().seq());
        d.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        d.getType().addCoding().setSystem(LOINC).setCode("34109-9").setDisplay("Note");
        d.setSubject(new Reference("Patient/" + patientFhirId));
        d.setDate(new Date(request.requestedAt()));
        Reference by = author.practitionerFhirId() == null
                ? new Reference()
                : new Reference("Practitioner/" + author.practitionerFhirId());
        if (author.name() != null) {
            by.setDisplay(author.name());
        }
        d.addAuthor(by);
        d.setDescription("CareChat conversation transcript");
        String heading = "CareChat conversation transcript, filed " + Instant.ofEpochMilli(request.requestedAt())
                + " by " + (author.name() == null ? "-" : author.name()) + " (" + texts.size() + " messages)";
        d.addContent()
                .getAttachment()
                .setContentType("application/pdf")
                .setTitle("CareChat transcript.pdf")
                .setCreation(new Date(request.requestedAt()))
                .setData(TranscriptPdf.render(heading, texts));
        return d;
    }
}
