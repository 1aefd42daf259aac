package org.carechat.message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.carechat.conversation.Conversation;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.NewConversation;
import org.carechat.identity.CurrentUser;
import org.carechat.storage.Transactions;
import org.carechat.timeline.CopyOf;
import org.springframework.stereotype.Service;

/**
 * Copies a message to a colleague: from its sender, in the two's direct conversation (made if needed), so the
 * colleague can answer. Used for forwarding to a recipient's delegates and for handing an urgent message's duty on
 * when it escalates (docs/urgent.md).
 *
 * <p>The copy records its origin ({@link CopyOf}: stored with it and carried by its send's events), which is what keeps
 * a copy from being handed on again. It runs inside the caller's unit of work under a savepoint: when it is refused,
 * nothing of it stays — not its conversation if it was new, not the seq it took — and the refusal reaches the caller
 * with its real reason. Made again for the same occasion (a retried escalation), it is stored once.
 */
@Service
public class MessageCopy {

    private final MessageService messages;
    private final ConversationService conversations;
    private final Transactions transactions;

    MessageCopy(MessageService messages, ConversationService conversations, Transactions transactions) {
        this.messages = messages;
        this.conversations = conversations;
        this.transactions = transactions;
    }

    /**
     * What a copy says: {@code full} when it fits in a message, else {@code brief}.
     *
     * @param brief short enough always: who to contact, no clinical content
     */
    public record Text(String full, String brief) {

        /** No text: it is clinical content. */
        @Override
        public String toString() {
            return "Text[...]";
        }
    }

    /**
     * Sends the copy and returns it as sent ({@code duplicate} when this occasion's copy was made before).
     *
     * @param occasion what tells this copy from other copies of the same message for the same reason (the delegate
     *                 it is forwarded to, the alert that escalated)
     * @throws org.carechat.web.ApiProblem the copy's refusal, as the send refused it
     */
    public MessageService.Sent send(
            CurrentUser sender, String colleagueId, CopyOf copyOf, String occasion, Text text, boolean urgent) {
        return transactions.write(() -> {
            String direct = conversations
                    .create(
                            sender,
                            new NewConversation(
                                    Conversation.Kind.DIRECT,
                                    Conversation.Audience.STAFF,
                                    null,
                                    null,
                                    true,
                                    List.of(colleagueId),
                                    null))
                    .id();
            String body = messages.fits(text.full()) ? text.full() : text.brief();
            return messages.sendCopy(sender, direct, clientMsgId(copyOf, occasion), body, urgent, copyOf);
        });
    }

    /** The same for every attempt at one copy (so the unique index makes it once); it means nothing beyond that. */
    private static String clientMsgId(CopyOf copyOf, String occasion) {
        String key = copyOf.reason().code() + "\n" + copyOf.messageId() + "\n" + occasion;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
