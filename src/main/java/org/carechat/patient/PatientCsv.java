package org.carechat.patient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * Reads and checks a patient CSV file (header {@code mrn,given_name,family_name,birth_date,mobile,email}, columns in
 * any order, mobile and email may be empty) without writing anything: the rows it would import and every bad line.
 * Each row passes the checks of a record created or corrected one at a time ({@link NewPatientCheck}).
 */
@Component
public class PatientCsv {

    public static final int MAX_IMPORT_ROWS = 50_000;
    static final String HEADER = "mrn,given_name,family_name,birth_date,mobile,email";

    private final PatientRepository repository;
    private final NewPatientCheck check;

    PatientCsv(PatientRepository repository, NewPatientCheck check) {
        this.repository = repository;
        this.check = check;
    }

    /** A bad line of the file: its number (the header is line 1) and what is wrong, naming columns, never values. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "ImportLineProblem")
    public record LineProblem(int line, String problem) {
        String sentence() {
            return "line " + line + ": " + problem;
        }
    }

    /**
     * What a file holds.
     *
     * @param patients the rows, in file order (all of them, good or bad)
     * @param problems every bad line, in file order; empty when the file can be imported as it is
     */
    public record Checked(List<NewPatient> patients, List<LineProblem> problems) {
        /** Nothing of the patients: frameworks log at debug level what they return. */
        @Override
        public String toString() {
            return "Checked[" + patients.size() + " rows, " + problems.size() + " bad lines]";
        }
    }

    /**
     * Checks every row, and (when they are all good) whether the organisation already has any of their patient ids.
     *
     * @throws ApiProblem 400 for a file that cannot be read as CSV, that is empty, lacks a required column or has more
     *                    than {@value #MAX_IMPORT_ROWS} rows
     */
    Checked check(String orgId, String csv) {
        List<CsvReader.Row> rows;
        try {
            rows = CsvReader.parse(csv.startsWith("\uFEFF") ? csv.substring(1) : csv);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("Nothing was imported: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw ApiProblem.badRequest("The CSV file is empty; its first line must be the header " + HEADER);
        }
        Map<String, Integer> columns = header(rows.getFirst());
        List<CsvReader.Row> data = rows.subList(1, rows.size());
        if (data.size() > MAX_IMPORT_ROWS) {
            throw ApiProblem.badRequest("The CSV file has more than " + MAX_IMPORT_ROWS + " rows; split it");
        }
        List<LineProblem> problems = new ArrayList<>();
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
                problems.add(new LineProblem(row.line(), problem));
            }
            patients.add(p);
        }
        if (problems.isEmpty()) {
            Set<String> existing = repository.existingMrns(orgId, firstLineOfMrn.keySet());
            existing.stream()
                    .sorted(Comparator.comparing(firstLineOfMrn::get))
                    .forEach(mrn -> problems.add(new LineProblem(
                            firstLineOfMrn.get(mrn), "a patient with patient id " + mrn + " already exists")));
        }
        return new Checked(List.copyOf(patients), List.copyOf(problems));
    }

    private static Map<String, Integer> header(CsvReader.Row header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            columns.put(header.fields().get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        for (String required : List.of("mrn", "given_name", "family_name", "birth_date")) {
            if (!columns.containsKey(required)) {
                throw ApiProblem.badRequest("line 1: the header has no '" + required + "' column; expected " + HEADER);
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
}
