package org.carechat.contact;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.org.OrgService;
import org.carechat.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public contact form, for people without an account (no sign-in): the practice's name and reasons, and sending
 * the form. The answer never says whether the details matched a patient record.
 */
@RestController
@RequestMapping("/api/v1/public/contact-form/{orgId}")
@Validated
@Tag(name = "Contact requests")
class PublicContactController {

    private final ContactRaising raising;
    private final ContactSettings settings;
    private final OrgService orgs;

    PublicContactController(ContactRaising raising, ContactSettings settings, OrgService orgs) {
        this.raising = raising;
        this.settings = settings;
        this.orgs = orgs;
    }

    record ContactFormInfo(String organisation, List<ContactViews.ReasonChoice> reasons) {}

    @GetMapping
    @Operation(summary = "The practice's name and the reasons to pick from (no sign-in)")
    ContactFormInfo info(@PathVariable String orgId) {
        String name = orgs.find(orgId)
                .orElseThrow(() -> ApiProblem.notFound("Organisation " + orgId))
                .name();
        return new ContactFormInfo(
                name,
                settings.activeReasons(orgId).stream()
                        .map(ContactViews.ReasonChoice::of)
                        .toList());
    }

    /** @param birthDate {@code YYYY-MM-DD} */
    record ContactForm(
            @Size(max = 200) String givenName,
            @Size(max = 200) String familyName,
            @Size(max = 20) String birthDate,
            @Size(max = 40) String mobile,
            @Size(max = 64) String reasonId,
            @Size(max = 10_000) String text) {
        @Override
        public String toString() {
            return "ContactForm[reasonId=" + reasonId + "]";
        }
    }

    record ContactFormReceived(boolean received) {}

    @PostMapping
    @Operation(summary = "Send the contact form (no sign-in; rate-limited). 202 whether or not it matched a record")
    ResponseEntity<ContactFormReceived> send(
            @PathVariable String orgId, @Valid @RequestBody ContactForm body, HttpServletRequest request) {
        raising.fromForm(
                orgId,
                new ContactRaising.Form(
                        body.givenName(),
                        body.familyName(),
                        body.birthDate(),
                        body.mobile(),
                        body.reasonId(),
                        body.text()),
                request.getRemoteAddr());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ContactFormReceived(true));
    }
}
