package org.carechat.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.carechat.identity.Role;
import org.carechat.org.Organisation;
import org.carechat.testing.Patients;
import org.carechat.testing.Response;
import org.carechat.testing.ServerTest;
import org.carechat.testing.Staff;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Search over encrypted records (docs/decisions.md, "Identifying data at rest"): by the start of any word of the name
 * without case or accents, the start of the patient id, the whole mobile number or e-mail address; only the
 * caller's organisation. And a patient's mobile is checked as a mobile when it is saved.
 */
abstract class PatientSearchScenarios extends ServerTest {

    @Autowired
    JdbcClient jdbc;

    Organisation org;
    Staff admin;
    Staff nurse;

    @BeforeEach
    void setUp() {
        org = newOrg();
        admin = newStaff(org, Role.ADMIN, "Ada Admin");
        nurse = newStaff(org, Role.NURSE, "Nina Nurse");
    }

    String create(String mrn, String given, String family, String mobile, String email) {
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("mrn", mrn, "givenName", given, "familyName", family, "birthDate", "1970-01-02"));
        if (mobile != null) {
            body.put("mobile", mobile);
        }
        if (email != null) {
            body.put("email", email);
        }
        Response r = post(admin, "/api/v1/patients", body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.string("id");
    }

    List<String> search(Staff as, String q) {
        Response r = post(as, "/api/v1/patients/search", Map.of("q", q));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().valueStream().map(p -> p.get("id").asString()).toList();
    }

    @Test
    void aNameIsFoundByTheStartOfAnyOfItsWordsWithoutCaseOrAccentsButNotByItsMiddle() {
        String zoe = create("S-1", "Zoë", "O'Brien-Smythe", null, null);
        String zak = create("S-2", "Zak", "Smithers", null, null);

        assertThat(search(nurse, "ZOE")).containsExactly(zoe);
        assertThat(search(nurse, "obri")).containsExactly(zoe);
        assertThat(search(nurse, "smy")).containsExactly(zoe);
        assertThat(search(nurse, "zoë smy")).containsExactly(zoe);
        assertThat(search(nurse, "smithers")).containsExactly(zak);
        assertThat(search(nurse, "z sm")).as("short words of a longer query").isEmpty();
        assertThat(search(nurse, "za smi")).containsExactly(zak);
        assertThat(search(nurse, "zo smi"))
                .as("every word must start a word of the name")
                .isEmpty();
        assertThat(search(nurse, "ythe"))
                .as("the middle of a word is not indexed")
                .isEmpty();
        assertThat(search(nurse, "o'brien-smythe")).containsExactly(zoe);
    }

    @Test
    void shortNamesAreFoundWhole() {
        String li = create("S-3", "Li", "Wu", null, null);
        create("S-4", "Lisa", "Wulf", null, null);

        assertThat(search(nurse, "li wu")).containsExactly(li);
    }

    @Test
    void aPatientIdIsFoundWholeOrByItsStartWithoutCase() {
        String a = create("NHS-943-476-5919", "Ann", "One", null, null);
        String b = create("NHS-943-476-5920", "Bob", "Two", null, null);

        assertThat(search(nurse, "nhs-943-476-5919")).containsExactly(a);
        assertThat(search(nurse, "NHS-943")).containsExactlyInAnyOrder(a, b);
        assertThat(search(nurse, "476-5919")).isEmpty();
    }

    @Test
    void aMobileOrEmailIsFoundWholeInAnyWritingButNotByAPart() {
        String mobile = Patients.mobile();
        String email = Patients.email();
        String p = create("S-5", "Cara", "Contact", mobile, email);

        assertThat(search(nurse, mobile)).containsExactly(p);
        assertThat(search(nurse, mobile.replace("+44", "0"))).containsExactly(p);
        assertThat(search(nurse, "+44 " + mobile.substring(3, 7) + " " + mobile.substring(7)))
                .containsExactly(p);
        assertThat(search(nurse, email.toUpperCase(java.util.Locale.ROOT))).containsExactly(p);
        assertThat(search(nurse, mobile.substring(0, 9))).isEmpty();
        assertThat(search(nurse, email.substring(0, email.indexOf('@')))).isEmpty();
    }

    @Test
    void anotherOrganisationsRecordsAreNeverFoundEvenWithTheSameDetails() {
        String mobile = Patients.mobile();
        String mine = create("X-1", "Twin", "Record", mobile, null);
        Organisation other = newOrg();
        Staff otherAdmin = newStaff(other, Role.ADMIN, "Other Admin");
        Response theirs = post(
                otherAdmin,
                "/api/v1/patients",
                Map.of(
                        "mrn",
                        "X-1",
                        "givenName",
                        "Twin",
                        "familyName",
                        "Record",
                        "birthDate",
                        "1970-01-02",
                        "mobile",
                        mobile));
        assertThat(theirs.status()).isEqualTo(201);

        assertThat(search(nurse, "twin record")).containsExactly(mine);
        assertThat(search(nurse, "X-1")).containsExactly(mine);
        assertThat(search(nurse, mobile)).containsExactly(mine);
        assertThat(search(otherAdmin, "twin")).containsExactly(theirs.string("id"));
    }

    @Test
    void aLandlineIsRefusedAsAPatientsMobileWhenSavedAndAMobileIsStoredInE164() {
        Response landline = post(
                admin,
                "/api/v1/patients",
                Map.of(
                        "mrn",
                        "L-1",
                        "givenName",
                        "Lana",
                        "familyName",
                        "Line",
                        "birthDate",
                        "1970-01-02",
                        "mobile",
                        "020 7946 0000"));
        assertThat(landline.status()).isEqualTo(400);
        assertThat(landline.json().get("detail").asString())
                .contains("mobile must be a mobile number")
                .doesNotContain("7946");
        assertThat(search(nurse, "L-1")).isEmpty();

        String national = "07412 " + Patients.mobile().substring(7);
        Response csv = send(HttpRequest.newBuilder(URI.create(url("/api/v1/patients/import")))
                .header("Authorization", "Bearer " + admin.token())
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "mrn,given_name,family_name,birth_date,mobile\n" + "L-2,Lee,Land,1970-01-02,020 7946 0001\n"))
                .build());
        assertThat(csv.status()).isEqualTo(400);
        assertThat(csv.json().get("detail").asString()).contains("line 2: mobile must be a mobile number");

        String id = create("L-3", "Mo", "Bile", national, null);
        assertThat(get(nurse, "/api/v1/patients/" + id).json().get("mobile").asString())
                .isEqualTo("+44" + national.substring(1).replace(" ", ""));
    }
}
