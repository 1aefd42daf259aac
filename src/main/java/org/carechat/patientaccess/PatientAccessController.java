package org.carechat.patientaccess;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.carechat.identity.CurrentUser;
import org.carechat.identity.SessionCookie;
import org.carechat.identity.User;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/patient-access")
@Tag(
        name = "Patient sign-in",
        description = "Patients register and sign in with a one-time code sent to the "
                + "mobile number or e-mail address in their record")
class PatientAccessController {

    private final PatientAccessService access;
    private final PatientPasswords passwords;
    private final CodeRequests codeRequests;

    PatientAccessController(PatientAccessService access, PatientPasswords passwords, CodeRequests codeRequests) {
        this.access = access;
        this.passwords = passwords;
        this.codeRequests = codeRequests;
    }

    /** @param contact the mobile number or e-mail address in the patient's record */
    record CodeRequest(
            @NotBlank @Size(max = 254) String contact,
            @NotBlank @Size(max = 10) String birthDate) {
        @Override
        public String toString() {
            return "CodeRequest[***]";
        }
    }

    /**
     * @param request the secret to send back with the code
     * @param detail  what happens now, the same sentence whether a record matched or not
     */
    record CodeAnswer(String request, String channel, long expiresInSeconds, String detail) {
        @Override
        public String toString() {
            return "CodeAnswer[request=***, channel=" + channel + "]";
        }
    }

    record CodeSignIn(
            @NotBlank @Size(max = 200) String request,
            @NotBlank @Size(max = 12) String code) {
        @Override
        public String toString() {
            return "CodeSignIn[***]";
        }
    }

    /** @param choosePassword the organisation has patients sign in by password, and this one has none yet */
    record SessionAnswer(User user, String csrfToken, Boolean choosePassword) {
        @Override
        public String toString() {
            return "SessionAnswer[user=" + (user == null ? null : user.id()) + ", csrfToken=***]";
        }
    }

    @PostMapping("/codes")
    @Operation(
            summary = "Ask for a one-time code with the mobile number or e-mail address in your patient record and "
                    + "your date of birth (the answer is the same whether they match a record or not)")
    ResponseEntity<CodeAnswer> requestCode(@Valid @RequestBody CodeRequest body, HttpServletRequest request) {
        CodeRequests.Requested requested =
                codeRequests.requestCode(body.contact(), body.birthDate(), request.getRemoteAddr());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new CodeAnswer(
                        requested.request(),
                        requested.channel(),
                        requested.expiresInSeconds(),
                        "If these details match a patient record, a code "
                                + "is on its way to that number or address. It works for "
                                + requested.expiresInSeconds() / 60
                                + " minutes."));
    }

    @PostMapping("/sign-in")
    @Operation(summary = "Sign in (and, the first time, register) with the code; sets the session cookie")
    ResponseEntity<SessionAnswer> signIn(@Valid @RequestBody CodeSignIn body, HttpServletRequest request) {
        PatientAccessService.SignedIn signedIn = access.signIn(body.request(), body.code(), request.getRemoteAddr());
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.SET_COOKIE,
                        SessionCookie.carrying(signedIn.session().secret()))
                .body(new SessionAnswer(
                        signedIn.user(),
                        signedIn.session().csrfToken(),
                        signedIn.choosePassword() ? Boolean.TRUE : null));
    }

    record PasswordSignIn(
            @NotBlank @Size(max = 254) String contact,
            @NotBlank @Size(max = 10) String birthDate,
            @NotBlank @Size(max = 128) String password) {
        @Override
        public String toString() {
            return "PasswordSignIn[***]";
        }
    }

    @PostMapping("/password-sign-in")
    @Operation(
            summary = "Sign in with the contact in your record, your date of birth and your password (where your "
                    + "organisation has patients sign in by password); sets the session cookie")
    ResponseEntity<SessionAnswer> signInWithPassword(
            @Valid @RequestBody PasswordSignIn body, HttpServletRequest request) {
        PatientAccessService.SignedIn signedIn = passwords.signInWithPassword(
                body.contact(), body.birthDate(), body.password(), request.getRemoteAddr());
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.SET_COOKIE,
                        SessionCookie.carrying(signedIn.session().secret()))
                .body(new SessionAnswer(signedIn.user(), signedIn.session().csrfToken(), null));
    }

    record NewPassword(@NotBlank @Size(max = 128) String newPassword) {
        @Override
        public String toString() {
            return "NewPassword[***]";
        }
    }

    @PostMapping("/password")
    @Operation(
            summary = "Choose your password (patients): when you have none yet, or just after signing in with a code")
    ResponseEntity<Void> choosePassword(
            @AuthenticationPrincipal CurrentUser patient, @Valid @RequestBody NewPassword body) {
        passwords.choosePassword(patient, body.newPassword());
        return ResponseEntity.noContent().build();
    }
}
