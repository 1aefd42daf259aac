package org.carechat.conversation;

import org.carechat.identity.CurrentUser;
import org.carechat.web.ApiProblem;
import org.springframework.stereotype.Component;

/**
 * Who may do what in a conversation: the one place these rules live. Reading and writing need membership (a
 * non-member is told the conversation does not exist); a 1-way conversation is read-only for everyone but its
 * owners; only owners manage members and settings; a message may be deleted by its sender or an owner.
 * Organisation isolation comes first and is structural: every lookup is made within the caller's organisation.
 */
@Component
public class ConversationPolicy {

    /** The refusal for a conversation the caller may not see, indistinguishable from one that does not exist. */
    public static ApiProblem notVisible(String conversationId) {
        return ApiProblem.notFound("Conversation " + conversationId);
    }

    /** @throws ApiProblem 403 when the conversation is 1-way and the caller is not an owner */
    public void requireCanWrite(Access access) {
        if (!access.conversation().acceptResponses() && !access.member().isOwner()) {
            throw ApiProblem.forbidden("This conversation does not accept responses (1-way); only its owners can "
                    + "write in it");
        }
    }

    void requireCanManage(Access access) {
        if (!access.member().isOwner()) {
            throw ApiProblem.forbidden("Only an owner of this conversation can change its members or settings");
        }
    }

    /** @param senderId who sent the message to be deleted */
    public void requireCanDelete(Access access, String senderId, CurrentUser actor) {
        if (!actor.userId().equals(senderId) && !access.member().isOwner()) {
            throw ApiProblem.forbidden("Only the sender or an owner of the conversation can delete a message");
        }
    }

    /**
     * What the caller has in one conversation: the conversation and their membership ({@code null} inside the
     * repository's lookup when they are not a member; never {@code null} once handed out by the service).
     */
    public record Access(Conversation conversation, Member member) {}
}
