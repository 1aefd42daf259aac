package org.carechat.message;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.carechat.identity.CurrentUser;
import org.carechat.timeline.TimelineEntry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/conversations/{conversationId}/messages")
@Validated
@Tag(name = "Messages", description = "Send, page through and delete messages (REST forms of the WebSocket frames)")
class MessageController {

    private final MessageService messages;
    private final MessageHistory history;

    MessageController(MessageService messages, MessageHistory history) {
        this.messages = messages;
        this.history = history;
    }

    /**
     * @param clientMsgId chosen by the client (a UUID): sending again with the same id returns the original
     * @param body        plain text, up to the configured limit (default 4,000 characters); required with attachments
     * @param urgent      mark the message urgent: each staff recipient must acknowledge it (docs/urgent.md)
     * @param attachments ids of uploads to this conversation (POST .../attachments), at most 5 by default
     * @param replyTo     the seq of the message of this conversation this one answers: shown with it as a quote
     * @param mentions    user ids of the members it mentions (at most 20): alerted even where they muted it
     */
    record SendRequest(
            @NotNull @Size(max = 64) String clientMsgId,
            @NotNull @Size(max = 100_000) String body,
            Boolean urgent,
            @Size(max = 20) List<@NotNull @Size(max = 64) String> attachments,
            @Min(1) Long replyTo,
            @Size(max = 20) List<@NotNull @Size(max = 64) String> mentions) {
        @Override
        public String toString() {
            return "SendRequest[clientMsgId=" + clientMsgId + ", body=(" + (body == null ? 0 : body.length())
                    + " characters)]";
        }
    }

    @PostMapping
    @Operation(summary = "Send a text message; answered after it is committed. 201 when new, 200 for a retry")
    ResponseEntity<MessageService.Sent> send(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String conversationId,
            @Valid @RequestBody SendRequest body) {
        MessageService.Sent sent = messages.send(
                actor,
                conversationId,
                body.clientMsgId(),
                body.body(),
                new MessageService.Options(
                        Boolean.TRUE.equals(body.urgent()), body.attachments(), body.replyTo(), body.mentions()));
        return ResponseEntity.status(sent.duplicate() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(sent);
    }

    @GetMapping
    @Operation(
            summary = "A page of the timeline, oldest first: after a seq, before a seq, or the newest; at most "
                    + "carechat.messages.page-limit entries (default 200)")
    List<TimelineEntry> history(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String conversationId,
            @RequestParam(required = false) @Min(0) Long after,
            @RequestParam(required = false) @Min(1) Long before,
            @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        return history.page(actor, conversationId, after, before, limit);
    }

    @DeleteMapping("/{seq}")
    @Operation(summary = "Delete a message for everyone (sender or owner); kept and marked for audit")
    ResponseEntity<Void> delete(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String conversationId,
            @PathVariable @Min(1) long seq) {
        messages.delete(actor, conversationId, seq);
        return ResponseEntity.noContent().build();
    }
}
