package org.carechat.push;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.carechat.identity.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/push")
@Tag(name = "Push", description = "Web Push alerts to a locked phone or a closed browser: devices and settings")
class PushController {

    private final PushService push;

    PushController(PushService push) {
        this.push = push;
    }

    /** @param subscribed whether the calling device has a subscription */
    record PushKey(String publicKey, boolean subscribed) {}

    /** The browser's {@code PushSubscription.toJSON()}; {@code expirationTime} is accepted and not used. */
    record SubscriptionBody(
            @NotBlank @Size(max = PushService.MAX_ENDPOINT) String endpoint,
            Long expirationTime,
            @NotNull @Valid Keys keys) {}

    record Keys(
            @NotBlank @Size(max = 100) String p256dh,
            @NotBlank @Size(max = 40) String auth) {}

    record QuietHoursBody(
            @NotNull @Min(0) @Max(1439) Integer from,
            @NotNull @Min(0) @Max(1439) Integer to,
            @NotBlank @Size(max = 64) String zone) {}

    record SettingsBody(
            @NotNull Boolean sound,
            @NotBlank @Size(max = 20) String push,
            @Valid QuietHoursBody quietHours) {}

    @GetMapping("/key")
    @Operation(summary = "The server's VAPID public key, and whether this device is subscribed")
    PushKey key(@AuthenticationPrincipal CurrentUser actor) {
        return new PushKey(push.publicKey(actor), push.subscribed(actor));
    }

    @PutMapping("/subscription")
    @Operation(summary = "Subscribe this device (session) to push alerts; replaces its earlier subscription")
    ResponseEntity<Void> subscribe(
            @AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody SubscriptionBody body) {
        push.subscribe(actor, body.endpoint(), body.keys().p256dh(), body.keys().auth());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/subscription")
    @Operation(summary = "Stop push alerts to this device")
    ResponseEntity<Void> unsubscribe(@AuthenticationPrincipal CurrentUser actor) {
        push.unsubscribe(actor);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/settings")
    @Operation(summary = "Your alert settings: sound, which messages are pushed, quiet hours")
    AlertSettings settings(@AuthenticationPrincipal CurrentUser actor) {
        return push.settings(actor);
    }

    @PutMapping("/settings")
    @Operation(summary = "Replace your alert settings (quiet hours never hold back urgent messages)")
    AlertSettings updateSettings(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody SettingsBody body) {
        QuietHoursBody q = body.quietHours();
        return push.updateSettings(
                actor,
                new AlertSettings(
                        body.sound(),
                        body.push(),
                        q == null ? null : new AlertSettings.QuietHours(q.from(), q.to(), q.zone())));
    }
}
