package org.carechat.fhir;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.carechat.identity.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(
        name = "EHR integration",
        description = "Each organisation's link to its EHR over FHIR R4 (SMART Backend Services)")
class FilingController {

    private final ConversationFiling filing;

    FilingController(ConversationFiling filing) {
        this.filing = filing;
    }

    /** The request recorded: the texts up to {@code upToSeq} will be filed by the EHR worker. */
    @Schema(name = "ConversationFilingQueued")
    record Queued(String conversationId, long upToSeq, String status) {}

    @PostMapping("/api/v1/conversations/{id}/file")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "File the conversation to the patient's record in the EHR, one FHIR Communication per message "
                    + "(owners; audited). Answered at once; the filing follows in the background and "
                    + "appears as a 'filed' entry")
    Queued file(@AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        ConversationFiling.Queued queued = filing.request(actor, id);
        return new Queued(queued.conversationId(), queued.upToSeq(), "queued");
    }
}
