package org.carechat.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Patient records over the API: creation, search, and the all-or-nothing CSV import. */
abstract class PatientImportScenarios extends ServerTest {

    Organisation org;
    Staff admin;
    Staff nurse;

    @BeforeEach
    void setUp() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        nurse = newStaff(org, Role.NURSE, "Nina Nurse");
    }

    Response importCsv(Staff as, String csv) {
        return send(HttpRequest.newBuilder(URI.create(url("/api/v1/patients/import")))
                .header("Authorization", "Bearer " + as.token())
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv))
                .build());
    }

    @Test
    void aValidCsvImportsEveryRowAndStaffFindThemBySearch() {
        Response r = importCsv(admin, """
                mrn,given_name,family_name,birth_date,mobile,email
                MRN-001,Jane,Doe,1980-02-03,+447412900123,jane@example.org
                MRN-002,"Smith, John",Smythe,1975-12-31,,
                """);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("imported").asInt()).isEqualTo(2);
        Response found = post(nurse, "/api/v1/patients/search", Map.of("q", "smy"));
        assertThat(found.json()).hasSize(1);
        assertThat(found.json().get(0).get("givenName").asString()).isEqualTo("Smith, John");
        assertThat(post(nurse, "/api/v1/patients/search", Map.of("q", "mrn-00")).json())
                .hasSize(2);
    }

    @Test
    void aCsvWithBadRowsImportsNothingAndNamesEachBadLine() {
        Response r = importCsv(admin, """
                mrn,given_name,family_name,birth_date,mobile,email
                MRN-101,Good,Row,1990-01-01,,
                MRN-102,,NoGivenName,1990-01-01,,
                MRN-103,Bad,Date,1990-02-31,,
                MRN-101,Duplicate,Row,1990-01-01,,
                MRN-105,Bad,Email,1990-01-01,,not-an-email
                """);
        assertThat(r.status()).isEqualTo(400);
        String detail = r.json().get("detail").asString();
        assertThat(detail)
                .startsWith("Nothing was imported.")
                .contains("line 3: given_name must not be blank")
                .contains("line 4: birth_date is not a real date")
                .contains("line 5: patient id MRN-101 also appears on line 2")
                .contains("line 6: email must be an e-mail address")
                .doesNotContain("line 2:");
        assertThat(post(nurse, "/api/v1/patients/search", Map.of("q", "MRN-10")).json())
                .isEmpty();
    }

    @Test
    void importingAPatientIdThatExistsImportsNothing() {
        assertThat(importCsv(admin, "mrn,given_name,family_name,birth_date\nMRN-201,A,B,2000-01-01\n")
                        .status())
                .isEqualTo(200);
        Response r = importCsv(
                admin, "mrn,given_name,family_name,birth_date\nMRN-202,C,D,2000-01-01\n" + "MRN-201,E,F,2000-01-01\n");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString())
                .contains("line 3: a patient with patient id MRN-201 already exists");
        assertThat(post(nurse, "/api/v1/patients/search", Map.of("q", "MRN-202"))
                        .json())
                .isEmpty();
    }

    @Test
    void aCsvWithoutTheRequiredHeaderIsRefusedWithTheExpectedHeader() {
        Response r = importCsv(admin, "id,name\n1,x\n");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asString())
                .contains("line 1: the header has no 'mrn' column; expected mrn,given_name,family_name,birth_date");
    }

    @Test
    void onlyAdminsCreateOrImportPatientsAndSearchNeedsThreeCharacters() {
        assertThat(importCsv(nurse, "mrn,given_name,family_name,birth_date\nX1,A,B,2000-01-01\n")
                        .status())
                .isEqualTo(403);
        Response created = post(
                admin,
                "/api/v1/patients",
                java.util.Map.of(
                        "mrn",
                        "P-1",
                        "givenName",
                        "Ann",
                        "familyName",
                        "Lee",
                        "birthDate",
                        "1970-05-06",
                        "mobile",
                        "+447412900001"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(post(
                                nurse,
                                "/api/v1/patients",
                                java.util.Map.of(
                                        "mrn", "P-2", "givenName", "B", "familyName", "C", "birthDate", "1970-05-06"))
                        .status())
                .isEqualTo(403);
        Response shortQuery = post(nurse, "/api/v1/patients/search", Map.of("q", "le"));
        assertThat(shortQuery.status()).isEqualTo(400);
        assertThat(shortQuery.json().get("detail").asString()).isEqualTo("Search needs 3 to 100 characters");
        Response future = post(
                admin,
                "/api/v1/patients",
                java.util.Map.of("mrn", "P-3", "givenName", "B", "familyName", "C", "birthDate", "2999-01-01"));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.json().get("detail").asString()).contains("birth_date is in the future");
    }
}
