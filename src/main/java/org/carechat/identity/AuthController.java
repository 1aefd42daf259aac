package org.carechat.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.carechat.storage.Transactions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
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

    AuthController(SignInService signIn, TokenService tokens, UserService users, Transactions transactions) {
        this.signIn = signIn;
        this.tokens = tokens;
        this.users = users;
        this.transactions = transactions;
    }

    record SignInRequest(@NotBlank @Size(max = 64) String username, @NotNull @Size(max = 128) String password) {}

    record TokenRequest(
            @NotBlank @Size(max = 64) String username,
            @NotNull @Size(max = 128) String password,
            @NotBlank @Size(max = 100) String deviceName) {}

    record SessionResponse(User user, String csrfToken, boolean mustChangePassword) {}

    record TokenResponse(User user, String tokenId, String token, boolean mustChangePassword) {}

    record PasswordChange(@NotNull @Size(max = 128) String currentPassword, @NotNull @Size(max = 128) String newPassword) {}

    @PostMapping("/login")
    @Operation(summary = "Sign in with a password; sets the session cookie and returns its CSRF token")
    ResponseEntity<SessionResponse> login(@Valid @RequestBody SignInRequest body, HttpServletRequest request) {
        var result = signIn.signIn(body.username(), body.password(), TokenService.Kind.SESSION, "browser",
                request.getRemoteAddr());
        ResponseCookie cookie = ResponseCookie.from(TokenAuthenticationFilter.COOKIE, result.issued().secret())
                .httpOnly(true).secure(true).sameSite("Strict").path("/").build();
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookie.toString())
                .body(new SessionResponse(result.user(), result.issued().csrfToken(), result.mustChangePassword()));
    }

    @PostMapping("/token")
    @Operation(summary = "Sign in with a password and get a bearer token for a device or script (shown once)")
    TokenResponse token(@Valid @RequestBody TokenRequest body, HttpServletRequest request) {
        var result = signIn.signIn(body.username(), body.password(), TokenService.Kind.DEVICE, body.deviceName(),
                request.getRemoteAddr());
        return new TokenResponse(result.user(), result.issued().id(), result.issued().secret(),
                result.mustChangePassword());
    }

    @GetMapping("/me")
    @Operation(summary = "The signed-in user, and the CSRF token when signed in by cookie")
    SessionResponse me(@AuthenticationPrincipal CurrentUser user, org.springframework.security.core.Authentication auth) {
        var details = (TokenService.Authenticated) auth.getCredentials();
        return new SessionResponse(users.require(user.orgId(), user.userId()), details.csrfToken(),
                details.mustChangePassword());
    }

    @PostMapping("/logout")
    @Operation(summary = "End the session or token used for this call")
    ResponseEntity<Void> logout(@AuthenticationPrincipal CurrentUser user) {
        signIn.signOut(user);
        ResponseCookie expired = ResponseCookie.from(TokenAuthenticationFilter.COOKIE, "")
                .httpOnly(true).secure(true).sameSite("Strict").path("/").maxAge(Duration.ZERO).build();
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, expired.toString())
                .header("Clear-Site-Data", "\"cache\", \"storage\"").build();
    }

    @PostMapping("/password")
    @Operation(summary = "Change your password (required after a one-time password)")
    ResponseEntity<Void> changePassword(@AuthenticationPrincipal CurrentUser user,
            @Valid @RequestBody PasswordChange body) {
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
