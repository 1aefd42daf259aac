package org.carechat.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.org.OrgService;
import org.carechat.org.Organisation;
import org.carechat.storage.Transactions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Sign-in", description = "Sessions for browsers, tokens for devices and scripts")
class AuthController {

    private final SignInService signIn;
    private final TokenService tokens;
    private final UserService users;
    private final Transactions transactions;
    private final SecondFactorService secondFactors;
    private final OrgService orgs;

    AuthController(
            SignInService signIn,
            TokenService tokens,
            UserService users,
            Transactions transactions,
            SecondFactorService secondFactors,
            OrgService orgs) {
        this.secondFactors = secondFactors;
        this.orgs = orgs;
        this.signIn = signIn;
        this.tokens = tokens;
        this.users = users;
        this.transactions = transactions;
    }

    // Records holding a password, code or secret print none of it (frameworks log bodies at debug level).

    /** @param organisation the organisation's name or id, needed only for a username several organisations use */
    record SignInRequest(
            @NotBlank @Size(max = 64) String username,
            @NotNull @Size(max = 128) String password,
            @Size(max = 200) String organisation) {
        @Override
        public String toString() {
            return "SignInRequest[username=" + username + ", password=***]";
        }
    }

    record TokenRequest(
            @NotBlank @Size(max = 64) String username,
            @NotNull @Size(max = 128) String password,
            @NotBlank @Size(max = 100) String deviceName,
            @Size(max = 200) String organisation) {
        @Override
        public String toString() {
            return "TokenRequest[username=" + username + ", password=***, deviceName=" + deviceName + "]";
        }
    }

    /**
     * A sign-in's answer: the session (user, CSRF token, what must be done first), or — when the user has a second
     * factor — {@code secondFactorRequired} with the {@code challenge} to answer at {@code .../second-factor}.
     */
    record SessionResponse(
            User user,
            String csrfToken,
            Boolean mustChangePassword,
            Boolean mustEnrolSecondFactor,
            Boolean secondFactorRequired,
            String challenge) {

        @Override
        public String toString() {
            return "SessionResponse[user=" + (user == null ? null : user.id()) + ", csrfToken=***, challenge=***]";
        }

        static SessionResponse challenged(String challenge) {
            return new SessionResponse(null, null, null, null, true, challenge);
        }
    }

    record TokenResponse(
            User user,
            String tokenId,
            String token,
            Boolean mustChangePassword,
            Boolean secondFactorRequired,
            String challenge) {
        @Override
        public String toString() {
            return "TokenResponse[tokenId=" + tokenId + ", token=***, challenge=***]";
        }
    }

    record SecondFactorAnswer(
            @NotBlank @Size(max = 200) String challenge,
            @NotBlank @Size(max = 40) String code) {
        @Override
        public String toString() {
            return "SecondFactorAnswer[challenge=***, code=***]";
        }
    }

    record Code(@NotBlank @Size(max = 40) String code) {
        @Override
        public String toString() {
            return "Code[***]";
        }
    }

    record RecoveryCodes(List<String> recoveryCodes) {
        @Override
        public String toString() {
            return "RecoveryCodes[" + recoveryCodes.size() + " codes]";
        }
    }

    record PasswordChange(
            @NotNull @Size(max = 128) String currentPassword,
            @NotNull @Size(max = 128) String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[currentPassword=***, newPassword=***]";
        }
    }

    @PostMapping("/login")
    @Operation(summary = "Sign in with a password; sets the session cookie and returns its CSRF token")
    ResponseEntity<SessionResponse> login(@Valid @RequestBody SignInRequest body, HttpServletRequest request) {
        var result = signIn.signIn(
                body.username(),
                body.organisation(),
                body.password(),
                TokenService.Kind.SESSION,
                "browser",
                request.getRemoteAddr());
        if (result.challenge() != null) {
            return ResponseEntity.ok(SessionResponse.challenged(result.challenge()));
        }
        return session(result);
    }

    @PostMapping("/login/second-factor")
    @Operation(summary = "Finish a browser sign-in with a code from your authenticator app (or a recovery code)")
    ResponseEntity<SessionResponse> loginSecondFactor(
            @Valid @RequestBody SecondFactorAnswer body, HttpServletRequest request) {
        return session(signIn.completeSecondFactor(
                body.challenge(), body.code(), request.getRemoteAddr(), TokenService.Kind.SESSION));
    }

    private ResponseEntity<SessionResponse> session(SignInService.SignedIn result) {
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.SET_COOKIE,
                        SessionCookie.carrying(result.issued().secret()))
                .body(new SessionResponse(
                        result.user(),
                        result.issued().csrfToken(),
                        result.mustChangePassword(),
                        mustEnrol(result.user()),
                        null,
                        null));
    }

    private boolean mustEnrol(User user) {
        return orgs.find(user.orgId()).map(Organisation::requireSecondFactor).orElse(false)
                && !secondFactors.enrolled(user.id());
    }

    @PostMapping("/token")
    @Operation(summary = "Sign in with a password and get a bearer token for a device or script (shown once)")
    TokenResponse token(@Valid @RequestBody TokenRequest body, HttpServletRequest request) {
        var result = signIn.signIn(
                body.username(),
                body.organisation(),
                body.password(),
                TokenService.Kind.DEVICE,
                body.deviceName(),
                request.getRemoteAddr());
        if (result.challenge() != null) {
            return new TokenResponse(null, null, null, null, true, result.challenge());
        }
        return new TokenResponse(
                result.user(), result.issued().id(), result.issued().secret(), result.mustChangePassword(), null, null);
    }

    @PostMapping("/token/second-factor")
    @Operation(summary = "Finish a device sign-in with a code from your authenticator app (or a recovery code)")
    TokenResponse tokenSecondFactor(@Valid @RequestBody SecondFactorAnswer body, HttpServletRequest request) {
        var result = signIn.completeSecondFactor(
                body.challenge(), body.code(), request.getRemoteAddr(), TokenService.Kind.DEVICE);
        return new TokenResponse(
                result.user(), result.issued().id(), result.issued().secret(), result.mustChangePassword(), null, null);
    }

    /** @param enrolled whether you sign in with a second factor; @param required whether your organisation asks one */
    record SecondFactorState(boolean enrolled, boolean required) {}

    @GetMapping("/second-factor")
    @Operation(summary = "Whether you sign in with a second factor, and whether your organisation requires one")
    SecondFactorState secondFactor(@AuthenticationPrincipal CurrentUser user) {
        return new SecondFactorState(
                secondFactors.enrolled(user.userId()),
                orgs.find(user.orgId()).map(Organisation::requireSecondFactor).orElse(false));
    }

    @PostMapping("/second-factor/setup")
    @Operation(summary = "Start setting up a TOTP second factor: a secret and an otpauth:// URI for your app")
    SecondFactorService.Setup setupSecondFactor(@AuthenticationPrincipal CurrentUser user) {
        return secondFactors.setup(user);
    }

    @PostMapping("/second-factor/confirm")
    @Operation(summary = "Turn the second factor on with a first code; returns ten one-time recovery codes")
    RecoveryCodes confirmSecondFactor(@AuthenticationPrincipal CurrentUser user, @Valid @RequestBody Code body) {
        return new RecoveryCodes(secondFactors.confirm(user, body.code().strip()));
    }

    @PostMapping("/second-factor/remove")
    @Operation(summary = "Remove your second factor, with a current code (not where your organisation requires one)")
    ResponseEntity<Void> removeSecondFactor(@AuthenticationPrincipal CurrentUser user, @Valid @RequestBody Code body) {
        boolean required =
                orgs.find(user.orgId()).map(Organisation::requireSecondFactor).orElse(false);
        secondFactors.remove(user, body.code().strip(), required);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    @Operation(summary = "The signed-in user, and the CSRF token when signed in by cookie")
    SessionResponse me(
            @AuthenticationPrincipal CurrentUser user, org.springframework.security.core.Authentication auth) {
        var details = (TokenService.Authenticated) auth.getCredentials();
        return new SessionResponse(
                users.require(user.orgId(), user.userId()),
                details.csrfToken(),
                details.mustChangePassword(),
                details.mustEnrolSecondFactor(),
                null,
                null);
    }

    @PostMapping("/logout")
    @Operation(summary = "End the session or token used for this call")
    ResponseEntity<Void> logout(@AuthenticationPrincipal CurrentUser user) {
        signIn.signOut(user);
        return ResponseEntity.noContent()
                .header(HttpHeaders.SET_COOKIE, SessionCookie.cleared())
                .header("Clear-Site-Data", "\"cache\", \"storage\"")
                .build();
    }

    @PostMapping("/password")
    @Operation(summary = "Change your password (required after a one-time password)")
    ResponseEntity<Void> changePassword(
            @AuthenticationPrincipal CurrentUser user, @Valid @RequestBody PasswordChange body) {
        signIn.changePassword(user, body.currentPassword(), body.newPassword());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/tokens")
    @Operation(summary = "Your live sessions and device tokens")
    List<TokenService.TokenInfo> list(@AuthenticationPrincipal CurrentUser user) {
        return tokens.list(user);
    }

    @DeleteMapping("/tokens/{id}")
    @Operation(summary = "End one of your sessions or device tokens")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal CurrentUser user, @PathVariable String id) {
        transactions.write(() -> {
            tokens.revoke(user, id);
            return null;
        });
        return ResponseEntity.noContent().build();
    }
}
