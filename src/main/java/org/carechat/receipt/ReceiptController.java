package org.carechat.receipt;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.carechat.conversation.Member;
import org.carechat.identity.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@org.springframework.validation.annotation.Validated
@RequestMapping("/api/v1/conversations/{conversationId}")
@Tag(name = "Receipts", description = "Delivered and read markers (REST forms of the ack and read frames)")
class ReceiptController {

    private final ReceiptService receipts;

    ReceiptController(ReceiptService receipts) {
        this.receipts = receipts;
    }

    record UpTo(@NotNull @Min(0) Long upTo) {}

    @PostMapping("/delivered")
    @Operation(summary = "This device has received everything up to upTo (cumulative acknowledgement)")
    ResponseEntity<Void> delivered(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String conversationId,
            @Valid @RequestBody UpTo body) {
        receipts.acknowledge(actor, conversationId, body.upTo());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/read")
    @Operation(summary = "You have read everything up to upTo (moves your read marker forward, never back)")
    ResponseEntity<Void> read(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String conversationId,
            @Valid @RequestBody UpTo body) {
        receipts.markRead(actor, conversationId, body.upTo());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/messages/{seq}/readers")
    @Operation(summary = "Who read a message and when (not its sender), earliest first")
    List<ReceiptService.Reader> readers(
            @AuthenticationPrincipal CurrentUser actor,
            @PathVariable String conversationId,
            @PathVariable @Min(1) long seq) {
        return receipts.readers(actor, conversationId, seq);
    }

    @GetMapping("/markers")
    @Operation(summary = "Every member's read and delivered markers")
    List<Member> markers(@AuthenticationPrincipal CurrentUser actor, @PathVariable String conversationId) {
        return receipts.markers(actor, conversationId);
    }
}
