package org.carechat.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A staff member's own account settings that are not sign-in itself (those are under /api/v1/auth). */
@RestController
@RequestMapping("/api/v1/account")
@Tag(name = "Account", description = "Your own account settings")
class AccountController {

    private final AccountPreferences preferences;

    AccountController(AccountPreferences preferences) {
        this.preferences = preferences;
    }

    @io.swagger.v3.oas.annotations.media.Schema(name = "PreferencesChange")
    record PreferencesBody(
            @NotNull Boolean messageAlerts, @NotNull Boolean urgentSms) {}

    @GetMapping("/preferences")
    @Operation(summary = "Your notification preferences: alerts for new messages, SMS nudges for urgent ones")
    AccountPreferences.Preferences preferences(@AuthenticationPrincipal CurrentUser actor) {
        return preferences.of(actor.orgId(), actor.userId());
    }

    @PutMapping("/preferences")
    @Operation(summary = "Change your notification preferences (both fields)")
    AccountPreferences.Preferences update(
            @AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody PreferencesBody body) {
        return preferences.update(actor, new AccountPreferences.Preferences(body.messageAlerts(), body.urgentSms()));
    }
}
