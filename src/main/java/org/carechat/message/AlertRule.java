package org.carechat.message;

import java.util.List;
import java.util.Set;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Muting;
import org.springframework.stereotype.Service;

/**
 * Who is alerted of a new message (issue #19): every member but its sender, except members who muted the conversation
 * — unless the message mentions them or is urgent. The web apps apply the same rule to the in-page alert and the
 * unread badge ({@code shared/inbox-model.js}); push (the other half of #19) asks {@link #whoToAlert}.
 */
@Service
public class AlertRule {

    /** Why a member is alerted: the strongest reason that applies. */
    public enum Reason {
        URGENT,
        MENTION,
        MESSAGE
    }

    /** A member to alert of a message, and why. */
    public record Alert(String userId, Reason reason) {}

    private final ConversationService conversations;
    private final Muting muting;

    AlertRule(ConversationService conversations, Muting muting) {
        this.conversations = conversations;
        this.muting = muting;
    }

    /** The members to alert of {@code message}, with why; none for a member who muted it and is not named. */
    public List<Alert> whoToAlert(NewMessage message) {
        Set<String> muted = muting.mutedMembers(message.orgId(), message.conversationId());
        return conversations.memberIds(message.orgId(), message.conversationId()).stream()
                .filter(id -> !id.equals(message.senderId()))
                .filter(id -> alerts(muted.contains(id), message.mentions().contains(id), message.urgent()))
                .map(id -> new Alert(id, reason(message, id)))
                .toList();
    }

    /** The rule itself: a member is alerted unless they muted the conversation and the message neither names them nor is urgent. */
    public static boolean alerts(boolean muted, boolean mentioned, boolean urgent) {
        return !muted || mentioned || urgent;
    }

    private static Reason reason(NewMessage message, String userId) {
        if (message.urgent()) {
            return Reason.URGENT;
        }
        return message.mentions().contains(userId) ? Reason.MENTION : Reason.MESSAGE;
    }
}
