package org.carechat.fhir;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.conversation.ConversationService;
import org.carechat.patient.PatientService;
import org.carechat.storage.Transactions;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * Stores one page of the EHR's patients in one transaction: the records through the patient service (sealed, with
 * their blind indexes), the links, the feed's new position and one audit row naming how many — never who.
 */
@Component
class PatientPages {

    private final PatientService patients;
    private final ConversationService conversations;
    private final DirectoryRepository directory;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    PatientPages(
            PatientService patients,
            ConversationService conversations,
            DirectoryRepository directory,
            Transactions transactions,
            AuditLog audit,
            Clock clock) {
        this.patients = patients;
        this.conversations = conversations;
        this.directory = directory;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    void store(String orgId, List<Patient> page) {
        if (page.isEmpty()) {
            return;
        }
        transactions.run(() -> {
            long now = clock.millis();
            Map<String, DirectoryRepository.Link> links = directory.links(
                    orgId, page.stream().map(p -> p.getIdElement().getIdPart()).toList());
            List<Patient> changed = new ArrayList<>();
            List<PatientService.FromEhr> records = new ArrayList<>();
            for (Patient p : page) {
                DirectoryRepository.Link link = links.get(p.getIdElement().getIdPart());
                if (link != null
                        && p.getMeta().getVersionId() != null
                        && p.getMeta().getVersionId().equals(link.versionId())) {
                    continue; // this version is stored already
                }
                if (PatientMapping.replacedBy(p).isPresent()) {
                    merge(orgId, p, link, now);
                    String survivor = PatientMapping.replacedBy(p).orElseThrow();
                    directory.link(orgId, survivor).ifPresent(s -> links.put(survivor, s));
                    continue;
                }
                changed.add(p);
                records.add(
                        new PatientService.FromEhr(link == null ? null : link.patientId(), PatientMapping.toRecord(p)));
            }
            List<String> stored = patients.saveFromEhr(orgId, records);
            int leftOut = 0;
            List<DirectoryRepository.Link> saved = new ArrayList<>();
            for (int i = 0; i < changed.size(); i++) {
                Patient p = changed.get(i);
                String recordId = stored.get(i);
                leftOut += recordId == null ? 1 : 0;
                saved.add(new DirectoryRepository.Link(
                        p.getIdElement().getIdPart(),
                        recordId,
                        p.getMeta().getVersionId(),
                        recordId == null ? "left_out" : "active"));
            }
            directory.saveLinks(orgId, saved, now);
            directory.advance(
                    orgId,
                    PatientDirectory.FEED,
                    Math.max(directory.position(orgId, PatientDirectory.FEED), lastUpdated(page)));
            if (changed.isEmpty()) {
                return;
            }
            audit.record(AuditEvent.of(AuditType.PATIENTS_IMPORTED)
                    .org(orgId)
                    .detail("source", "ehr")
                    .detail("count", changed.size() - leftOut)
                    .detail("leftOut", leftOut));
        });
    }

    /**
     * The EHR merged {@code p} into another patient: its record, if it has one, becomes the survivor's when the
     * survivor has none yet; otherwise both records stay, the merged one is no longer updated, and its conversations
     * move to the survivor's record.
     */
    private void merge(String orgId, Patient p, DirectoryRepository.Link link, long now) {
        String survivor = PatientMapping.replacedBy(p).orElseThrow();
        String recordId = link == null ? null : link.patientId();
        Optional<String> survivorRecord = directory.link(orgId, survivor).map(DirectoryRepository.Link::patientId);
        if (recordId != null && survivorRecord.isEmpty()) {
            directory.saveLink(orgId, new DirectoryRepository.Link(survivor, recordId, null, "active"), null, now);
        } else if (recordId != null && !recordId.equals(survivorRecord.get())) {
            conversations.moveToRecord(orgId, recordId, survivorRecord.get());
        }
        directory.saveLink(
                orgId,
                new DirectoryRepository.Link(
                        p.getIdElement().getIdPart(), recordId, p.getMeta().getVersionId(), "merged"),
                survivor,
                now);
    }

    void delete(String orgId, List<String> fhirIds) {
        if (fhirIds.isEmpty()) {
            return;
        }
        transactions.run(() -> {
            long now = clock.millis();
            directory.links(orgId, fhirIds).values().stream()
                    .filter(link -> !link.status().equals("deleted"))
                    .forEach(link -> directory.saveLink(
                            orgId,
                            new DirectoryRepository.Link(link.fhirId(), link.patientId(), link.versionId(), "deleted"),
                            null,
                            now));
        });
    }

    void advance(String orgId, String feed, long position) {
        transactions.run(() -> directory.advance(orgId, feed, position));
    }

    private static long lastUpdated(List<Patient> page) {
        return page.stream()
                .filter(p -> p.getMeta().hasLastUpdated())
                .mapToLong(p -> p.getMeta().getLastUpdated().getTime())
                .max()
                .orElse(0L);
    }
}
