package org.carechat.contact;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
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

    record FormInfo(String organisation, List<Map<String, String>> reasons) {}

    @GetMapping
    @Operation(summary = "The practice's name and the reasons to pick from (no sign-in)")
    FormInfo info(@PathVariable String orgId) {
        String name = orgs.find(orgId)
                .orElseThrow(() -> ApiProblem.notFound("Organisation " + orgId))
                .name();
        return new FormInfo(
                name,
                settings.activeReasons(orgId).stream()
                        .map(r -> Map.of("id", r.id(), "label", r.label()))
                        .toList());
    }

    /** @param birthDate {@code YYYY-MM-DD} */
    record Form(
            @Size(max = 200) String givenName,
            @Size(max = 200) String familyName,
            @Size(max = 20) String birthDate,
            @Size(max = 40) String mobile,
            @Size(max = 64) String reasonId,
            @Size(max = 10_000) String text) {
        @Override
        public String toString() {
            return "Form[reasonId=" + reasonId + "]";
        }
    }

    record Received(boolean received) {}

    @PostMapping
    @Operation(summary = "Send the contact form (no sign-in; rate-limited). 202 whether or not it matched a record")
    ResponseEntity<Received> send(
            @PathVariable String orgId, @Valid @RequestBody Form body, HttpServletRequest request) {
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
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Received(true));
    }
}
