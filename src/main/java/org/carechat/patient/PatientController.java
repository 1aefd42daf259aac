package org.carechat.patient;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.carechat.audit.AuditType;
import org.carechat.identity.CurrentUser;
import org.carechat.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/patients")
@Tag(name = "Patients", description = "Patient records of your organisation")
class PatientController {

    /** About 20 MB of CSV; larger files should be split. */
    static final int MAX_CSV_CHARS = 20 * 1024 * 1024;

    private final PatientService patients;

    PatientController(PatientService patients) {
        this.patients = patients;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a patient record (admins)")
    Patient create(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody NewPatient body) {
        return patients.create(actor, body);
    }

    @PostMapping(path = "/import", consumes = "text/csv")
    @Operation(
            summary = "Import patients from CSV (admins): header mrn,given_name,family_name,birth_date,mobile,email;"
                    + " all rows or none")
    Map<String, Integer> importCsv(@AuthenticationPrincipal CurrentUser actor, @RequestBody byte[] file) {
        // Taken as bytes, not a String: frameworks log a String body at debug level, and this one is patient data.
        patients.requireAdmin(actor, AuditType.PATIENTS_IMPORTED);
        if (file.length > MAX_CSV_CHARS) {
            throw ApiProblem.badRequest("The CSV file is larger than 20 MB; split it");
        }
        String csv = new String(file, java.nio.charset.StandardCharsets.UTF_8);
        return Map.of("imported", patients.importCsv(actor.orgId(), actor.userId(), actor.ip(), csv));
    }

    @PostMapping(path = "/import/check", consumes = "text/csv")
    @Operation(
            summary = "Check a patient CSV file without importing it (admins): its rows and every bad line; nothing "
                    + "is written")
    ImportCheck checkCsv(@AuthenticationPrincipal CurrentUser actor, @RequestBody byte[] file) {
        patients.requireAdmin(actor, AuditType.PATIENTS_IMPORT_CHECKED);
        if (file.length > MAX_CSV_CHARS) {
            throw ApiProblem.badRequest("The CSV file is larger than 20 MB; split it");
        }
        PatientCsv.Checked checked =
                patients.checkCsv(actor, new String(file, java.nio.charset.StandardCharsets.UTF_8));
        return new ImportCheck(checked.patients().size(), checked.problems());
    }

    /** @param rows the data rows of the file; @param problems every bad line (none: it can be imported) */
    @io.swagger.v3.oas.annotations.media.Schema(name = "PatientImportCheck")
    record ImportCheck(int rows, List<PatientCsv.LineProblem> problems) {}

    @PutMapping("/{id}")
    @Operation(summary = "Correct a patient record (admins): every field is replaced and checked as for a new one")
    Patient update(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @Valid @RequestBody NewPatient body) {
        return patients.update(actor, id, body);
    }

    /** @param q a name or patient id, at least 3 characters (in the body: a URL would carry it into proxy logs) */
    record Search(@NotNull @Size(max = 100) String q) {
        @Override
        public String toString() {
            return "Search[q=(" + q.length() + " characters)]";
        }
    }

    @PostMapping("/search")
    @Operation(
            summary = "Search patients by name, patient id, e-mail address or mobile number (q, at least 3 characters)")
    List<Patient> search(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody Search body) {
        return patients.search(actor, body.q());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One patient record (the read is audited)")
    Patient get(@AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        return patients.view(actor, id);
    }
}
