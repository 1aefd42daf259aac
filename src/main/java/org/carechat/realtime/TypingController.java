package org.carechat.realtime;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.carechat.cluster.Doorbell;
import org.carechat.cluster.Ring;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The REST form of the {@code typing} frame: relayed to the other members' open sockets, never stored. */
@RestController
@Tag(name = "Receipts")
class TypingController {

    private final ConversationService conversations;
    private final Doorbell doorbell;

    TypingController(ConversationService conversations, Doorbell doorbell) {
        this.conversations = conversations;
        this.doorbell = doorbell;
    }

    @PostMapping("/api/v1/conversations/{conversationId}/typing")
    @Operation(summary = "Tell the other members' open clients that you are typing (ephemeral)")
    ResponseEntity<Void> typing(@AuthenticationPrincipal CurrentUser actor, @PathVariable String conversationId) {
        conversations.requireMember(actor, conversationId);
        doorbell.ring(new Ring.Typing(actor.orgId(), conversationId, actor.userId()));
        return ResponseEntity.noContent().build();
    }
}
