package org.carechat.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.identity.CurrentUser;
import org.carechat.receipt.ReceiptService;
import org.springframework.stereotype.Service;

/**
 * Decides what a reconnecting device is missing (docs/delivery.md §Resume): the client's cursors where it sent
 * them, else the device's acknowledged cursors, else — for a conversation the device has never seen — the most
 * recent {@value #NEW_CONVERSATION_WINDOW} entries (older history is paged over REST).
 */
@Service
public class SyncService {

    public static final int NEW_CONVERSATION_WINDOW = 50;

    private final ConversationService conversations;
    private final ReceiptService receipts;

    SyncService(ConversationService conversations, ReceiptService receipts) {
        this.conversations = conversations;
        this.receipts = receipts;
    }

    /** @param clientCursors the highest seq the client holds per conversation (contiguous from its start) */
    public ResumePlan plan(CurrentUser actor, Map<String, Long> clientCursors) {
        Map<String, Long> deviceCursors = receipts.deviceCursors(actor.deviceId());
        Map<String, Long> startAfter = new HashMap<>();
        Map<String, Long> lastSeq = new HashMap<>();
        List<ResumePlan.Reset> resets = new ArrayList<>();
        for (Conversation c : conversations.conversationsOf(actor)) {
            lastSeq.put(c.id(), c.lastSeq());
            Long cursor = clientCursors.getOrDefault(c.id(), deviceCursors.get(c.id()));
            if (cursor != null && cursor > c.lastSeq()) {
                resets.add(new ResumePlan.Reset(c.id(), "cursor_ahead"));
                cursor = null;
            }
            startAfter.put(c.id(), cursor != null ? cursor : Math.max(0, c.lastSeq() - NEW_CONVERSATION_WINDOW));
        }
        clientCursors.keySet().stream()
                .filter(id -> !lastSeq.containsKey(id))
                .sorted()
                .forEach(id -> resets.add(new ResumePlan.Reset(id, "not_a_member")));
        return new ResumePlan(startAfter, lastSeq, resets);
    }
}
