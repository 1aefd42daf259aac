package org.carechat.contact;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.identity.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** An organisation's contact settings: its SMS number, the automatic answers and the reasons (admins). */
@RestController
@RequestMapping("/api/v1/orgs/current/contact-settings")
@Validated
@Tag(name = "Contact requests")
class ContactSettingsController {

    private final ContactSettings settings;

    ContactSettingsController(ContactSettings settings) {
        this.settings = settings;
    }

    /**
     * @param smsNumber       the number (or short code) patients text; texts to it become requests. Null: none
     * @param acknowledgement sent once to a new request raised by SMS; empty turns it off
     * @param closedAnswer    sent once per closing to a patient who texts a closed request; empty turns it off
     * @param reasons         the reasons patients pick from, in order; those left out are retired
     */
    record ContactSettingsChange(
            @Size(max = 20) String smsNumber,
            @NotNull @Size(max = 1_000) String acknowledgement,
            @NotNull @Size(max = 1_000) String closedAnswer,
            @NotNull @Size(max = 100) List<@NotNull @Valid ReasonSetting> reasons) {}

    /** @param id absent for a new reason; {@code active: false} retires it */
    record ReasonSetting(
            @Size(max = 64) String id,
            @NotNull @Size(max = 200) String label,
            @Size(max = 64) String teamId,
            Boolean active) {}

    @GetMapping
    @Operation(summary = "Your organisation's contact settings (admins)")
    ContactSettings.ContactSettingsView view(@AuthenticationPrincipal CurrentUser actor) {
        return settings.viewAsAdmin(actor);
    }

    @PutMapping
    @Operation(summary = "Change them (admins): every field is set")
    ContactSettings.ContactSettingsView change(
            @AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody ContactSettingsChange body) {
        return settings.change(
                actor,
                body.smsNumber(),
                body.acknowledgement(),
                body.closedAnswer(),
                body.reasons().stream()
                        .map(r -> new ContactSettings.ReasonChange(r.id(), r.label(), r.teamId(), r.active()))
                        .toList());
    }
}
