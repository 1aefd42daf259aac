package org.carechat.contact;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.identity.CurrentUser;
import org.carechat.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Contact requests (docs/contact-requests.md): raised by patients in the app, worked by staff from the shared queue,
 * answered by SMS (staff) or in the app (the patient). Who may see what is {@link ContactPolicy}'s.
 */
@RestController
@RequestMapping("/api/v1")
@Validated
@Tag(name = "Contact requests", description = "Patients contact the practice; staff answer by SMS")
class ContactRequestController {

    private final ContactRaising raising;
    private final ContactQueue queue;
    private final ContactThread thread;
    private final ContactWork work;
    private final ContactSettings settings;

    ContactRequestController(
            ContactRaising raising,
            ContactQueue queue,
            ContactThread thread,
            ContactWork work,
            ContactSettings settings) {
        this.raising = raising;
        this.queue = queue;
        this.thread = thread;
        this.work = work;
        this.settings = settings;
    }

    /**
     * @param reasonId         one of the organisation's reasons (required when it lists any)
     * @param text             what the patient asks, up to 2,000 characters
     * @param preferredChannel how they would like to be answered: {@code sms} (default), {@code app} or {@code phone}
     */
    record Raise(
            @Size(max = 64) String reasonId,
            @NotNull @Size(max = 10_000) String text,
            @Size(max = 10) String preferredChannel) {
        @Override
        public String toString() {
            return "Raise[reasonId=" + reasonId + ", text=(" + (text == null ? 0 : text.length()) + " characters)]";
        }
    }

    record Raised(String id) {}

    @PostMapping("/contact-requests")
    @Operation(summary = "Contact the practice (patients): a new request with its first text")
    ResponseEntity<Raised> raise(@AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody Raise body) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Raised(raising.fromApp(actor, body.reasonId(), body.text(), body.preferredChannel())));
    }

    @GetMapping("/contact-reasons")
    @Operation(summary = "The reasons a patient picks from when contacting the practice")
    List<ContactViews.ReasonChoice> reasons(@AuthenticationPrincipal CurrentUser actor) {
        return settings.activeReasons(actor.orgId()).stream()
                .map(ContactViews.ReasonChoice::of)
                .toList();
    }

    @GetMapping("/contact-requests/mine")
    @Operation(summary = "A patient's own requests, newest first")
    List<ContactViews.OwnRequest> mine(@AuthenticationPrincipal CurrentUser actor) {
        if (!actor.isPatient()) {
            throw ApiProblem.forbidden("Only patients have requests of their own; staff read the queue");
        }
        return queue.own(actor);
    }

    @PostMapping("/contact-requests/queue")
    @Operation(
            summary = "The shared queue (staff): a tab, filters and a search by name, patient id or mobile; the "
                    + "search is in the body so that no name or number reaches an access log")
    List<ContactViews.RequestSummary> list(
            @AuthenticationPrincipal CurrentUser actor, @Valid @RequestBody QueueRequest body) {
        return queue.list(
                actor, new ContactQueue.Query(body.tab(), body.reasonId(), body.assignee(), body.age(), body.q()));
    }

    /**
     * @param tab      {@code new}, {@code in_progress}, {@code complete} or {@code new_messages}; none: all
     * @param assignee a user id, {@code me} or {@code none}
     * @param age      {@code today}, {@code week} or {@code older}
     * @param q        a name, patient id or mobile number
     */
    record QueueRequest(
            @Size(max = 20) String tab,
            @Size(max = 64) String reasonId,
            @Size(max = 64) String assignee,
            @Size(max = 10) String age,
            @Size(max = 100) String q) {
        @Override
        public String toString() {
            return "QueueRequest[tab=" + tab + "]";
        }
    }

    @GetMapping("/contact-requests/counts")
    @Operation(summary = "How many requests each tab holds (staff)")
    ContactViews.RequestCounts counts(@AuthenticationPrincipal CurrentUser actor) {
        return queue.counts(actor);
    }

    @GetMapping("/contact-requests/{id}")
    @Operation(
            summary = "One request: staff see the person, reason, history and what they may do; its patient sees "
                    + "its status")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema =
                                    @Schema(
                                            oneOf = {ContactViews.RequestDetails.class, ContactViews.OwnRequest.class
                                            })))
    Object open(@AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        return actor.isPatient() ? queue.openOwn(actor, id) : queue.open(actor, id);
    }

    @GetMapping("/contact-requests/{id}/messages")
    @Operation(summary = "A page of the request's thread, oldest first, each SMS with its state")
    List<ContactViews.RequestEntry> messages(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String id,
            @RequestParam(required = false) @Min(0) Long after,
            @RequestParam(required = false) @Min(1) Long before,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return thread.page(actor, id, after, before, limit);
    }

    /**
     * @param clientMsgId chosen by the client (a UUID): the same again returns the first send's answer
     * @param body        the text
     */
    record RequestText(
            @NotNull @Size(min = 1, max = 64) String clientMsgId,
            @NotNull @Size(max = 10_000) String body) {
        @Override
        public String toString() {
            return "RequestText[clientMsgId=" + clientMsgId + ", body=(" + (body == null ? 0 : body.length())
                    + " characters)]";
        }
    }

    @PostMapping("/contact-requests/{id}/sms")
    @Operation(
            summary = "Send an SMS to the patient (staff; only while In progress); answered once committed and "
                    + "handed to the SMS centre, with its state. 201 when new, 200 for a retry")
    ResponseEntity<ContactViews.RequestTextSent> sms(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @Valid @RequestBody RequestText body) {
        ContactViews.RequestTextSent sent = thread.sendSms(actor, id, body.clientMsgId(), body.body());
        return ResponseEntity.status(sent.duplicate() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(sent);
    }

    @PostMapping("/contact-requests/{id}/replies")
    @Operation(summary = "Answer one's own request in the app (patients; not once it is closed)")
    ResponseEntity<ContactViews.RequestTextSent> reply(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @Valid @RequestBody RequestText body) {
        ContactViews.RequestTextSent sent = thread.reply(actor, id, body.clientMsgId(), body.body());
        return ResponseEntity.status(sent.duplicate() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(sent);
    }

    /** @param status {@code in_progress} or {@code complete} */
    record StatusChange(@NotNull @Size(max = 20) String status) {}

    @PostMapping("/contact-requests/{id}/status")
    @Operation(summary = "In progress, Case close (complete), or reopen from the archive (in_progress)")
    ResponseEntity<Void> status(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String id,
            @Valid @RequestBody StatusChange body) {
        ContactRequest.Status status = switch (body.status()) {
            case "in_progress" -> ContactRequest.Status.IN_PROGRESS;
            case "complete" -> ContactRequest.Status.COMPLETE;
            case "new" -> ContactRequest.Status.NEW;
            default -> throw ApiProblem.badRequest("status must be in_progress or complete");
        };
        work.changeStatus(actor, id, status);
        return ResponseEntity.noContent().build();
    }

    /** @param userId a colleague who may see the request, or null for nobody */
    record Assignee(@Size(max = 64) String userId) {}

    @PutMapping("/contact-requests/{id}/assignee")
    @Operation(summary = "Assign the request to oneself or a colleague, or to nobody")
    ResponseEntity<Void> assign(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @Valid @RequestBody Assignee body) {
        work.assign(actor, id, body.userId());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/contact-requests/{id}/seen")
    @Operation(summary = "The patient's new messages were seen: the team's reminder goes down")
    ResponseEntity<Void> seen(@AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        work.seen(actor, id);
        return ResponseEntity.noContent().build();
    }

    record ThreadView(@NotNull Boolean hidden) {}

    @PutMapping("/contact-requests/{id}/thread")
    @Operation(summary = "Close thread (hidden: true) on one's own screen until the patient writes; false shows it")
    ResponseEntity<Void> thread(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @Valid @RequestBody ThreadView body) {
        work.hideThread(actor, id, body.hidden());
        return ResponseEntity.noContent().build();
    }

    record PatientLink(@NotNull @Size(min = 1, max = 64) String patientId) {}

    @PutMapping("/contact-requests/{id}/patient")
    @Operation(summary = "Link an unmatched request to a patient record")
    ResponseEntity<Void> link(
            @AuthenticationPrincipal CurrentUser actor, @PathVariable String id, @Valid @RequestBody PatientLink body) {
        work.link(actor, id, body.patientId());
        return ResponseEntity.noContent().build();
    }

    record Converted(String conversationId) {}

    @PostMapping("/contact-requests/{id}/conversation")
    @Operation(summary = "Continue the request as a regular patient conversation (a request linked to a record)")
    Converted convert(@AuthenticationPrincipal CurrentUser actor, @PathVariable String id) {
        return new Converted(work.convert(actor, id));
    }
}
