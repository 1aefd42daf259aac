package org.carechat.patient;

import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.carechat.audit.AuditEvent;
import org.carechat.audit.AuditLog;
import org.carechat.audit.AuditType;
import org.carechat.crypto.IdentifyingData;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.RolePolicy;
import org.carechat.storage.Ids;
import org.carechat.storage.Transactions;
import org.carechat.system.MobileNumbers;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Service;

/**
 * Patient records: created one by one or imported from CSV, corrected by admins, searched by staff when starting a
 * conversation, found by the contact in them when a patient signs in. Records are stored encrypted and found through
 * blind indexes ({@link PatientRepository}).
 */
@Service
public class PatientService {

    public static final int MAX_IMPORT_ROWS = PatientCsv.MAX_IMPORT_ROWS;
    /** At most this many records are returned by one search, the first by family and given name. */
    static final int SEARCH_RESULTS = 50;
    /**
     * At most this many candidates are decrypted for one search: a query that matches more (three letters shared by a
     * tenth of the records) returns {@value #SEARCH_RESULTS} of some of them, sorted, and more letters narrow it.
     */
    static final int SEARCH_CANDIDATES = 2_000;

    private static final int MAX_REPORTED_ERRORS = 20;
    private static final Comparator<Patient> BY_NAME = Comparator.comparing(
                    (Patient p) -> p.familyName().toLowerCase(Locale.ROOT))
            .thenComparing(p -> p.givenName().toLowerCase(Locale.ROOT))
            .thenComparing(Patient::id);

    private final PatientRepository repository;
    private final PatientCsv csvImport;
    private final NewPatientCheck check;
    private final AuditLog audit;
    private final Transactions transactions;
    private final Ids ids;
    private final Clock clock;
    private final RolePolicy roles;
    private final MobileNumbers numbers;
    private final IdentifyingData identifyingData;

    PatientService(
            PatientRepository repository,
            PatientCsv csvImport,
            NewPatientCheck check,
            AuditLog audit,
            Transactions transactions,
            Ids ids,
            Clock clock,
            RolePolicy roles,
            MobileNumbers numbers,
            IdentifyingData identifyingData) {
        this.roles = roles;
        this.numbers = numbers;
        this.identifyingData = identifyingData;
        this.repository = repository;
        this.csvImport = csvImport;
        this.check = check;
        this.audit = audit;
        this.transactions = transactions;
        this.ids = ids;
        this.clock = clock;
    }

    /** An admin creates one patient record. */
    public Patient create(CurrentUser actor, NewPatient request) {
        requireAdmin(actor, AuditType.PATIENT_CREATED);
        String problem = check.problem(request);
        if (problem != null) {
            throw ApiProblem.badRequest(problem);
        }
        return transactions.write(() -> {
            if (!repository.existingMrns(actor.orgId(), List.of(request.mrn())).isEmpty()) {
                throw ApiProblem.conflict("A patient with patient id " + request.mrn() + " already exists");
            }
            Patient patient = toPatient(actor.orgId(), request);
            repository.insert(patient);
            audit.record(actor.audit(AuditType.PATIENT_CREATED)
                    .target("patient", patient.id())
                    .patient(patient.id()));
            return patient;
        });
    }

    /**
     * Imports patient records from CSV with the header {@code mrn,given_name,family_name,birth_date,mobile,email}
     * (columns in any order; mobile and email may be empty). All rows are checked first ({@link #checkCsv}): if any
     * row is bad, nothing is imported and the error names each bad line.
     *
     * @param actorId the admin importing, or {@code null} for the command line
     * @return how many patients were imported
     */
    public int importCsv(String orgId, String actorId, String ip, String csv) {
        PatientCsv.Checked checked = csvImport.check(orgId, csv);
        List<String> errors = checked.problems().stream()
                .map(PatientCsv.LineProblem::sentence)
                .toList();
        if (!errors.isEmpty()) {
            int more = errors.size() - MAX_REPORTED_ERRORS;
            throw ApiProblem.badRequest("Nothing was imported. "
                    + String.join("; ", errors.subList(0, Math.min(errors.size(), MAX_REPORTED_ERRORS)))
                    + (more > 0 ? "; and " + more + " more bad lines" : ""));
        }
        List<NewPatient> patients = checked.patients();
        return transactions.write(() -> {
            repository.insertAll(patients.stream().map(p -> toPatient(orgId, p)).toList());
            audit.record(AuditEvent.of(AuditType.PATIENTS_IMPORTED)
                    .org(orgId)
                    .actor(actorId, ip)
                    .detail("count", patients.size()));
            return patients.size();
        });
    }

    /**
     * Checks a CSV file as {@link #importCsv} would, and writes nothing: how many rows it has and every bad line, so
     * that an admin sees them all before importing. Audited (the check reads which patient ids exist).
     *
     * @throws ApiProblem 403 for a non-admin; 400 for a file that cannot be read as CSV with the header
     */
    public PatientCsv.Checked checkCsv(CurrentUser actor, String csv) {
        requireAdmin(actor, AuditType.PATIENTS_IMPORT_CHECKED);
        PatientCsv.Checked checked = csvImport.check(actor.orgId(), csv);
        transactions.run(() -> audit.record(actor.audit(AuditType.PATIENTS_IMPORT_CHECKED)
                .detail("rows", checked.patients().size())
                .detail("badLines", checked.problems().size())));
        return checked;
    }

    /**
     * An admin corrects a patient record: every field is replaced by {@code request}, checked as a new record is.
     *
     * @throws ApiProblem 403 for a non-admin (audited); 404 for no such patient here; 400 for a bad field; 409 when
     *                    another record has the patient id
     */
    public Patient update(CurrentUser actor, String patientId, NewPatient request) {
        requireAdmin(actor, AuditType.PATIENT_UPDATED);
        String problem = check.problem(request);
        if (problem != null) {
            throw ApiProblem.badRequest(problem);
        }
        return transactions.write(() -> {
            Patient before = require(actor.orgId(), patientId);
            String mrn = request.mrn().strip();
            if (!mrn.equals(before.mrn())
                    && !repository.existingMrns(actor.orgId(), List.of(mrn)).isEmpty()) {
                throw ApiProblem.conflict("Another patient has the patient id " + mrn);
            }
            Patient changed = toPatient(actor.orgId(), request);
            Patient updated = new Patient(
                    before.id(),
                    before.orgId(),
                    changed.mrn(),
                    changed.givenName(),
                    changed.familyName(),
                    changed.birthDate(),
                    changed.mobile(),
                    changed.email(),
                    before.createdAt());
            repository.update(updated);
            audit.record(actor.audit(AuditType.PATIENT_UPDATED)
                    .target("patient", patientId)
                    .patient(patientId));
            return updated;
        });
    }

    /**
     * A record as the organisation's EHR holds it (issue #17), to store: over the record {@code existingId} when the
     * EHR's patient was stored before, else over the record with the same patient id (MRN) if there is one, else new.
     */
    public record FromEhr(String existingId, NewPatient patient) {}

    /**
     * Stores records read from the organisation's EHR, in the caller's transaction, checked as a new record is. Not
     * audited here: the sync audits each page it stores.
     *
     * @return for each record in order, the id of the record it was stored as, or {@code null} when it was left out:
     *         incomplete or malformed (no patient id, name or birth date), or its patient id is another record's
     */
    public List<String> saveFromEhr(String orgId, List<FromEhr> records) {
        List<String> mrns = records.stream()
                .filter(r -> check.problem(r.patient()) == null)
                .map(r -> r.patient().mrn().strip())
                .distinct()
                .toList();
        Map<String, String> byMrn = new java.util.HashMap<>(repository.idsByMrn(orgId, mrns));
        // New records are inserted together after the page is read (one batch, not a round trip each); a later
        // record of the page that names one of them changes it there.
        Map<String, Patient> inserts = new java.util.LinkedHashMap<>();
        List<String> stored = new java.util.ArrayList<>();
        for (FromEhr record : records) {
            stored.add(check.problem(record.patient()) == null ? saveOne(orgId, record, byMrn, inserts) : null);
        }
        if (!inserts.isEmpty()) {
            repository.insertAll(List.copyOf(inserts.values()));
        }
        return stored;
    }

    private String saveOne(String orgId, FromEhr record, Map<String, String> byMrn, Map<String, Patient> inserts) {
        Patient changed = toPatient(orgId, record.patient());
        String holder = byMrn.get(changed.mrn());
        String id = record.existingId() != null ? record.existingId() : holder;
        if (holder != null && !holder.equals(id)) {
            return null; // the EHR gave another patient this record's patient id: left for an admin to resolve
        }
        Patient before = id == null
                ? null
                : inserts.containsKey(id)
                        ? inserts.get(id)
                        : repository.findById(orgId, id).orElse(null);
        if (before == null) {
            inserts.put(changed.id(), changed);
            byMrn.put(changed.mrn(), changed.id());
            return changed.id();
        }
        Patient updated = new Patient(
                before.id(),
                orgId,
                changed.mrn(),
                changed.givenName(),
                changed.familyName(),
                changed.birthDate(),
                changed.mobile(),
                changed.email(),
                before.createdAt());
        if (inserts.containsKey(before.id())) {
            inserts.put(before.id(), updated);
        } else {
            repository.update(updated);
        }
        byMrn.remove(before.mrn());
        byMrn.put(changed.mrn(), before.id());
        return before.id();
    }

    /** How many patient records {@code orgId} has. */
    public long count(String orgId) {
        return repository.count(orgId);
    }

    /** Reads one record, audited as a read of clinical data. */
    public Patient view(CurrentUser actor, String patientId) {
        Patient patient = require(actor.orgId(), patientId);
        transactions.write(() -> {
            audit.record(actor.audit(AuditType.PATIENT_VIEWED)
                    .target("patient", patientId)
                    .patient(patientId));
            return null;
        });
        return patient;
    }

    /** The given name an erased record carries: none of the patient's own (docs/retention.md). */
    public static final String ERASED_NAME = "Erased";

    /**
     * Erases a record (a patient's erasure, docs/retention.md): its name, birth date, patient id and contacts are
     * overwritten and its search entries removed; the record's id stays, holding nothing. Call inside the erasure's
     * write unit of work, which audits it.
     *
     * @throws ApiProblem 404 when the organisation has no such patient
     */
    public void erase(String orgId, String patientId) {
        Patient before = require(orgId, patientId);
        repository.erase(new Patient(
                patientId,
                orgId,
                "erased-" + patientId,
                ERASED_NAME,
                "patient",
                "0001-01-01",
                null,
                null,
                before.createdAt()));
    }

    /** @throws ApiProblem 404 when the organisation has no such patient */
    public Patient require(String orgId, String patientId) {
        return repository.findById(orgId, patientId).orElseThrow(() -> ApiProblem.notFound("The patient"));
    }

    /**
     * The records of every organisation whose contact on {@code channel} ({@code sms}: the mobile number in E.164 form;
     * {@code email}: the address in lower case) is {@code address} and whose birth date is {@code birthDate}, oldest
     * first: registration and a patient's sign-in look for their record so. Not audited here: the caller audits the
     * attempt.
     */
    public List<Patient> withContactAndBirthDate(String channel, String address, String birthDate) {
        String term = channel.equals("sms") ? IndexTerms.mobile(address) : IndexTerms.email(address);
        PatientCodec codec = repository.codec();
        return repository
                .findByEntries(
                        identifyingData.blindIndexInEveryOrganisation(term).values())
                .stream()
                .filter(p -> p.birthDate().equals(birthDate))
                .filter(p -> address.equals(channel.equals("sms") ? codec.mobileOf(p) : PatientCodec.emailOf(p)))
                .toList();
    }

    public Map<String, Patient> findAll(String orgId, Collection<String> patientIds) {
        return repository.findAll(orgId, patientIds).stream()
                .collect(Collectors.toMap(Patient::id, Function.identity()));
    }

    /**
     * Finds patients by the start of any word of their name, the start of their patient id, or their whole mobile
     * number or e-mail address; 3 to 100 characters. Audited with the ids of the records returned.
     */
    public List<Patient> search(CurrentUser actor, String query) {
        String q = query == null ? "" : query.strip();
        if (q.length() < 3 || q.length() > 100) {
            throw ApiProblem.badRequest("Search needs 3 to 100 characters");
        }
        PatientQuery search = new PatientQuery(q, numbers);
        PatientCodec codec = repository.codec();
        String org = actor.orgId();
        List<Patient> found = repository
                .candidates(
                        org, codec.digests(org, search.allOf()), codec.digests(org, search.anyOf()), SEARCH_CANDIDATES)
                .stream()
                .filter(p -> search.matches(p, codec))
                .sorted(BY_NAME)
                .limit(SEARCH_RESULTS)
                .toList();
        audit.record(actor.audit(AuditType.PATIENTS_SEARCHED)
                .detail("results", found.size())
                .detail("patients", found.stream().map(Patient::id).toList()));
        return found;
    }

    private Patient toPatient(String orgId, NewPatient p) {
        return new Patient(
                ids.next(),
                orgId,
                p.mrn().strip(),
                p.givenName().strip(),
                p.familyName().strip(),
                p.birthDate(),
                p.mobile() == null || p.mobile().isBlank() ? null : numbers.normalise(p.mobile()),
                blankToNull(p.email()),
                clock.millis());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** @throws ApiProblem 403 (audited) unless the caller is an admin: patient records are kept by admins */
    public void requireAdmin(CurrentUser actor, AuditType attempted) {
        roles.requireAdmin(actor, attempted, "Only an organisation admin can create or import patient records");
    }
}
