package org.carechat.availability;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.identity.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/availability")
@Tag(name = "Availability", description = "Available, Busy or Unavailable, shown live to colleagues")
class AvailabilityController {

    private final AvailabilityService availability;

    AvailabilityController(AvailabilityService availability) {
        this.availability = availability;
    }

    /** @param until epoch ms when the status lapses back to available; absent for no end */
    record Choice(
            @NotBlank @Size(max = 20) String status,
            @Positive Long until,
            @Size(max = AvailabilityService.MAX_DELEGATES) List<@NotBlank @Size(max = 64) String> forwardTo,
            Boolean forwardWhenBusy) {}

    @GetMapping
    @Operation(summary = "Colleagues of your organisation who are not available now (everyone else is)")
    List<Availability> list(@AuthenticationPrincipal CurrentUser actor) {
        return availability.notAvailable(actor);
    }

    @PutMapping
    @Operation(summary = "Set your own availability, optionally until an end time after which it lapses")
    Availability set(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody Choice body) {
        return availability.set(
                actor, body.status(), body.until(), body.forwardTo(), Boolean.TRUE.equals(body.forwardWhenBusy()));
    }
}
