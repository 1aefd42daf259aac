package org.carechat.retention;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.carechat.attachment.AttachmentExport;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditQuery;
import org.carechat.audit.AuditRecord;
import org.carechat.contact.ContactService;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.User;
import org.carechat.identity.UserService;
import org.carechat.patient.Patient;
import org.carechat.patient.PatientService;
import org.carechat.timeline.Timeline;
import org.carechat.timeline.TimelineEntry;
import org.springframework.stereotype.Component;

/**
 * Gathers a patient's export ({@link PatientArchive}): their record and account, every conversation they were in with
 * its texts decrypted and its files, and the audit rows about them. Reads only; the caller audits the export.
 */
@Component
class PatientExport {

    private static final int PAGE = 500;
    private static final int MAX_AUDIT_ROWS = 1_000_000;
    static final String ANOTHER_PATIENT = "another patient";

    private final PatientService patients;
    private final UserService users;
    private final ConversationService conversations;
    private final PatientFootprint footprint;
    private final ContactService contacts;
    private final Timeline timeline;
    private final AttachmentExport attachments;
    private final AuditLog audit;
    private final Clock clock;

    PatientExport(
            PatientService patients,
            UserService users,
            ConversationService conversations,
            PatientFootprint footprint,
            ContactService contacts,
            Timeline timeline,
            AttachmentExport attachments,
            AuditLog audit,
            Clock clock) {
        this.patients = patients;
        this.users = users;
        this.conversations = conversations;
        this.footprint = footprint;
        this.contacts = contacts;
        this.timeline = timeline;
        this.attachments = attachments;
        this.audit = audit;
        this.clock = clock;
    }

    /** @throws org.carechat.web.ApiProblem 404 when the organisation has no such patient */
    PatientArchive.WithFiles gather(String orgId, String patientId) {
        Patient p = patients.require(orgId, patientId);
        Optional<User> account = users.findPatientAccount(orgId, patientId);
        String accountId = account.map(User::id).orElse(null);
        List<ContactService.AboutPatient> requests = contacts.aboutPatient(orgId, patientId, accountId, p.mobile());
        List<PatientFootprint.Conversation> theirs = footprint.conversations(
                orgId,
                patientId,
                accountId,
                requests.stream()
                        .map(ContactService.AboutPatient::conversationId)
                        .toList());
        List<PatientArchive.Named> files = new ArrayList<>();
        List<PatientArchive.Conversation> exported = new ArrayList<>();
        for (PatientFootprint.Conversation c : theirs) {
            conversations.find(orgId, c.id()).ifPresent(found -> exported.add(conversation(found, patientId, files)));
        }
        var record = new PatientArchive.Record(
                p.id(), p.mrn(), p.givenName(), p.familyName(), p.birthDate(), p.mobile(), p.email(), p.createdAt());
        var accountPart = account.map(a -> new PatientArchive.Account(a.id(), a.createdAt(), a.disabled()))
                .orElse(null);
        List<String> conversationIds =
                theirs.stream().map(PatientFootprint.Conversation::id).toList();
        var archive = new PatientArchive(
                PatientArchive.FORMAT,
                clock.millis(),
                orgId,
                record,
                accountPart,
                exported,
                requests.stream().map(PatientExport::request).toList(),
                accessLog(orgId, patientId, conversationIds));
        return new PatientArchive.WithFiles(archive, files);
    }

    private static PatientArchive.ContactRequest request(ContactService.AboutPatient r) {
        return new PatientArchive.ContactRequest(
                r.id(),
                r.conversationId(),
                r.source(),
                r.status(),
                r.createdAt(),
                r.mobile(),
                r.givenName(),
                r.familyName(),
                r.birthDate(),
                r.mobileAsTyped());
    }

    private PatientArchive.Conversation conversation(
            org.carechat.conversation.Conversation c, String patientId, List<PatientArchive.Named> files) {
        List<TimelineEntry> texts = texts(c.orgId(), c.id());
        Set<String> withheld = otherPatients(
                c.orgId(), texts.stream().map(TimelineEntry::senderId).toList(), patientId);
        Map<String, List<AttachmentExport.File>> filesOf = attachments
                .ofMessages(
                        c.orgId(),
                        c.id(),
                        texts.stream()
                                .filter(t -> !withheld.contains(t.senderId()))
                                .map(TimelineEntry::id)
                                .toList())
                .stream()
                .collect(Collectors.groupingBy(
                        AttachmentExport.File::messageId, LinkedHashMap::new, Collectors.toList()));
        List<PatientArchive.Text> exported = new ArrayList<>();
        for (TimelineEntry t : texts) {
            exported.add(
                    text(c.id(), t, withheld.contains(t.senderId()), filesOf.getOrDefault(t.id(), List.of()), files));
        }
        String topic = c.patientId() == null || c.patientId().equals(patientId) ? c.topic() : null;
        return new PatientArchive.Conversation(
                c.id(),
                c.kind().name().toLowerCase(java.util.Locale.ROOT),
                c.audience().name().toLowerCase(java.util.Locale.ROOT),
                topic,
                c.createdAt(),
                c.purgedAt(),
                exported);
    }

    private static PatientArchive.Text text(
            String conversationId,
            TimelineEntry t,
            boolean withheld,
            List<AttachmentExport.File> attached,
            List<PatientArchive.Named> files) {
        if (withheld) {
            return new PatientArchive.Text(
                    t.id(), t.seq(), t.createdAt(), null, null, null, t.deleted(), true, List.of());
        }
        List<PatientArchive.File> refs = new ArrayList<>();
        for (AttachmentExport.File f : attached) {
            String path = "files/" + conversationId + "/" + f.id() + "-" + ArchiveNames.safe(f.name());
            files.add(new PatientArchive.Named(path, f));
            refs.add(new PatientArchive.File(f.id(), f.name(), f.contentType(), f.content().length, path));
        }
        return new PatientArchive.Text(
                t.id(), t.seq(), t.createdAt(), t.senderId(), t.senderName(), t.body(), t.deleted(), false, refs);
    }

    private List<TimelineEntry> texts(String orgId, String conversationId) {
        List<TimelineEntry> texts = new ArrayList<>();
        long after = 0;
        List<TimelineEntry> page;
        do {
            page = timeline.after(orgId, conversationId, after, PAGE);
            page.stream().filter(e -> e.kind().carriesText()).forEach(texts::add);
            after = page.isEmpty() ? after : page.getLast().seq();
        } while (page.size() == PAGE);
        return texts;
    }

    /** Of {@code userIds}, the accounts of patients other than {@code patientId}. */
    private Set<String> otherPatients(String orgId, Collection<String> userIds, String patientId) {
        return users.findAll(orgId, Set.copyOf(userIds)).values().stream()
                .filter(u -> u.patientId() != null && !u.patientId().equals(patientId))
                .map(User::id)
                .collect(Collectors.toSet());
    }

    private List<PatientArchive.Access> accessLog(String orgId, String patientId, List<String> conversationIds) {
        Map<String, AuditRecord> rows = new LinkedHashMap<>();
        audit.search(orgId, query(patientId, null)).forEach(r -> rows.put(r.id(), r));
        for (String c : conversationIds) {
            audit.search(orgId, query(null, c)).stream()
                    .filter(r -> r.patientId() == null || r.patientId().equals(patientId))
                    .forEach(r -> rows.put(r.id(), r));
        }
        List<AuditRecord> ordered = rows.values().stream()
                .sorted(Comparator.comparingLong(AuditRecord::occurredAt).thenComparing(AuditRecord::id))
                .toList();
        Set<String> actors = ordered.stream()
                .map(AuditRecord::actorId)
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        Map<String, User> known = users.findAll(orgId, actors);
        return ordered.stream()
                .map(r -> access(r, known.get(r.actorId()), patientId))
                .toList();
    }

    private static PatientArchive.Access access(AuditRecord r, User actor, String patientId) {
        boolean otherPatient =
                actor != null && actor.patientId() != null && !actor.patientId().equals(patientId);
        return new PatientArchive.Access(
                r.id(),
                r.occurredAt(),
                r.type(),
                r.outcome(),
                otherPatient ? null : r.actorId(),
                otherPatient ? ANOTHER_PATIENT : actor == null ? null : actor.displayName(),
                r.targetType(),
                r.targetId(),
                r.conversationId());
    }

    private static AuditQuery query(String patientId, String conversationId) {
        return new AuditQuery(null, patientId, conversationId, null, null, null, MAX_AUDIT_ROWS);
    }
}
