package org.carechat.patient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * Patient records: created one by one or imported from CSV, searched by staff when starting a conversation, found
 * by the contact in them when a patient signs in. Records are stored encrypted and found through blind indexes
 * ({@link PatientRepository}).
 */
@Service
public class PatientService {

    public static final int MAX_IMPORT_ROWS = 50_000;
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
     * (columns in any order; mobile and email may be empty). All rows are checked first: if any row is bad, nothing
     * is imported and the error names each bad line.
     *
     * @param actorId the admin importing, or {@code null} for the command line
     * @return how many patients were imported
     */
    public int importCsv(String orgId, String actorId, String ip, String csv) {
        List<CsvReader.Row> rows;
        try {
            rows = CsvReader.parse(csv.startsWith("\uFEFF") ? csv.substring(1) : csv);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("Nothing was imported: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw ApiProblem.badRequest("The CSV file is empty; its first line must be the header "
                    + "mrn,given_name,family_name,birth_date,mobile,email");
        }
        Map<String, Integer> columns = header(rows.getFirst());
        List<CsvReader.Row> data = rows.subList(1, rows.size());
        if (data.size() > MAX_IMPORT_ROWS) {
            throw ApiProblem.badRequest("The CSV file has more than " + MAX_IMPORT_ROWS + " rows; split it");
        }
        List<String> errors = new ArrayList<>();
        List<NewPatient> patients = new ArrayList<>();
        Map<String, Integer> firstLineOfMrn = new HashMap<>();
        for (CsvReader.Row row : data) {
            NewPatient p = new NewPatient(
                    field(row, columns, "mrn"),
                    field(row, columns, "given_name"),
                    field(row, columns, "family_name"),
                    field(row, columns, "birth_date"),
                    field(row, columns, "mobile"),
                    field(row, columns, "email"));
            String problem = check.problem(p);
            Integer earlier = p.mrn() == null ? null : firstLineOfMrn.putIfAbsent(p.mrn(), row.line());
            if (problem == null && earlier != null) {
                problem = "patient id " + p.mrn() + " also appears on line " + earlier;
            }
            if (problem != null) {
                errors.add("line " + row.line() + ": " + problem);
            }
            patients.add(p);
        }
        if (errors.isEmpty()) {
            Set<String> existing = repository.existingMrns(orgId, firstLineOfMrn.keySet());
            existing.stream()
                    .sorted(Comparator.comparing(firstLineOfMrn::get))
                    .forEach(mrn -> errors.add("line " + firstLineOfMrn.get(mrn) + ": a patient with patient id " + mrn
                            + " already exists"));
        }
        if (!errors.isEmpty()) {
            int more = errors.size() - MAX_REPORTED_ERRORS;
            throw ApiProblem.badRequest("Nothing was imported. "
                    + String.join("; ", errors.subList(0, Math.min(errors.size(), MAX_REPORTED_ERRORS)))
                    + (more > 0 ? "; and " + more + " more bad lines" : ""));
        }
        return transactions.write(() -> {
            repository.insertAll(patients.stream().map(p -> toPatient(orgId, p)).toList());
            audit.record(AuditEvent.of(AuditType.PATIENTS_IMPORTED)
                    .org(orgId)
                    .actor(actorId, ip)
                    .detail("count", patients.size()));
            return patients.size();
        });
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

    private static Map<String, Integer> header(CsvReader.Row header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            columns.put(header.fields().get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        for (String required : List.of("mrn", "given_name", "family_name", "birth_date")) {
            if (!columns.containsKey(required)) {
                throw ApiProblem.badRequest("line 1: the header has no '" + required + "' column; expected "
                        + "mrn,given_name,family_name,birth_date,mobile,email");
            }
        }
        return columns;
    }

    private static String field(CsvReader.Row row, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        if (index == null || index >= row.fields().size()) {
            return null;
        }
        String value = row.fields().get(index).strip();
        return value.isEmpty() ? null : value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** @throws ApiProblem 403 (audited) unless the caller is an admin: patient records are kept by admins */
    public void requireAdmin(CurrentUser actor, AuditType attempted) {
        roles.requireAdmin(actor, attempted, "Only an organisation admin can create or import patient records");
    }
}
