package org.carechat.message;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.carechat.conversation.ConversationService;
import org.carechat.conversation.Member;
import org.carechat.conversation.Privacy;
import org.carechat.identity.CurrentUser;
import org.carechat.system.CareChatProperties;
import org.carechat.timeline.Timeline;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * What a send must satisfy before anything is stored: the input's shape (before the unit of work) and what it names
 * in the conversation — the message it replies to, the members it mentions (inside it). Each refusal is a 400 that
 * says what to change and stores nothing.
 */
@Component
class MessageChecks {

    static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9_:.-]{1,64}");
    private static final int MAX_MENTIONS = 20;

    private final ConversationService conversations;
    private final Timeline timeline;
    private final int maxLength;
    private final int maxAttachments;

    MessageChecks(ConversationService conversations, Timeline timeline, CareChatProperties properties) {
        this.conversations = conversations;
        this.timeline = timeline;
        this.maxLength = properties.messages().maxLength();
        this.maxAttachments = properties.attachments().maxPerMessage();
    }

    /** Whether {@code body} is within the configured length of a message. */
    boolean fits(String body) {
        return body.codePointCount(0, body.length()) <= maxLength;
    }

    /** A reply names a visible text of the same conversation (every member sees the whole history). */
    void replyTo(CurrentUser actor, String conversationId, long replyTo) {
        if (timeline.visibleText(actor.orgId(), conversationId, replyTo).isEmpty()) {
            throw ApiProblem.badRequest("replyTo must be the seq of a message of this conversation that you can see: "
                    + replyTo + " is not (deleted, not a message, or not there)");
        }
    }

    static void mentionList(List<String> mentions) {
        if (mentions.size() > MAX_MENTIONS) {
            throw ApiProblem.badRequest("A message mentions at most " + MAX_MENTIONS + " members");
        }
        if (new HashSet<>(mentions).size() != mentions.size()) {
            throw ApiProblem.badRequest("Each member is mentioned once, by their user id");
        }
    }

    /** Each mention names another member the sender may name (a patient cannot name another patient). */
    void mentions(CurrentUser actor, String conversationId, List<?> mentions) {
        Set<String> others = new HashSet<>();
        Privacy privacy = conversations.policy().privacyFor(actor);
        conversations.members(actor.orgId(), conversationId).stream()
                .map(Member::userId)
                .filter(id -> !id.equals(actor.userId()) && privacy.mayName(id))
                .forEach(others::add);
        if (!others.containsAll(mentions)) {
            throw ApiProblem.badRequest("mentions must name other members of this conversation, by user id");
        }
    }

    void attachments(List<String> files, String body) {
        if (files.isEmpty()) {
            return;
        }
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("An attachment cannot be sent without text: write a message to go with it");
        }
        if (files.size() > maxAttachments) {
            throw ApiProblem.badRequest(
                    "A message carries at most " + maxAttachments + " attachments, not " + files.size());
        }
        if (new HashSet<>(files).size() != files.size() || files.stream().anyMatch(f -> f == null || f.isBlank())) {
            throw ApiProblem.badRequest("Each attachment is named once, by the id its upload returned");
        }
    }

    void input(String clientMsgId, String body) {
        if (clientMsgId == null || !CLIENT_MSG_ID.matcher(clientMsgId).matches()) {
            throw ApiProblem.badRequest("clientMsgId must be 1 to 64 letters, digits or - _ : . (a UUID fits); "
                    + "it makes a retried send safe");
        }
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("The message is empty");
        }
        int length = body.codePointCount(0, body.length());
        if (length > maxLength) {
            throw ApiProblem.badRequest("The message has " + length + " characters; the limit is " + maxLength);
        }
    }
}
