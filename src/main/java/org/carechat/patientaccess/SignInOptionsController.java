package org.carechat.patientaccess;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.carechat.identity.PublicReadLimit;
import org.carechat.org.OrgService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the patient sign-in page offers before anyone has said who they are. It names no person and no practice and is
 * the same for every caller, so it tells nothing about accounts; it is limited per address all the same.
 */
@RestController
@Tag(name = "Patient sign-in")
class SignInOptionsController {

    static final String PATH = "/api/v1/public/patient-sign-in";

    private final OrgService orgs;
    private final PublicReadLimit publicReads;

    SignInOptionsController(OrgService orgs, PublicReadLimit publicReads) {
        this.orgs = orgs;
        this.publicReads = publicReads;
    }

    /** @param passwords offer "I have a password": an organisation of this server has patients sign in by password */
    @io.swagger.v3.oas.annotations.media.Schema(name = "PatientSignInOptions")
    record SignInOptions(boolean passwords) {}

    @GetMapping(PATH)
    @Operation(
            summary = "What the patient sign-in page offers: \"I have a password\" only where an organisation of this "
                    + "server has patients sign in by password (no sign-in; the same answer for everyone; "
                    + "rate-limited)")
    SignInOptions options(HttpServletRequest request) {
        publicReads.take(request, PATH);
        return new SignInOptions(orgs.anyPatientPasswords());
    }
}
