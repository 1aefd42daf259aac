package org.carechat.conversation;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A conversation to create. The creator is always a member and an owner.
 *
 * @param memberIds      staff to add besides the creator (a direct conversation has exactly one)
 * @param ownerIds       of those, who else owns the conversation
 * @param acceptResponses 2-way (default) or 1-way
 * @param careTeamId     a care team whose members also become members while they are in the team (groups only; the
 *                       creator must be in the team or an admin)
 */
public record NewConversation(
        @NotNull Conversation.Kind kind,
        @NotNull Conversation.Audience audience,
        @Size(max = 200) String topic,
        @Size(max = 64) String patientId,
        Boolean acceptResponses,

        @NotNull @Size(max = ConversationService.MAX_MEMBERS)
        List<@NotNull @Size(max = 64) String> memberIds,

        @Size(max = ConversationService.MAX_MEMBERS) List<@NotNull @Size(max = 64) String> ownerIds,
        @Size(max = 64) String careTeamId) {

    /** Without a care team. */
    public NewConversation(
            Conversation.Kind kind,
            Conversation.Audience audience,
            String topic,
            String patientId,
            Boolean acceptResponses,
            List<String> memberIds,
            List<String> ownerIds) {
        this(kind, audience, topic, patientId, acceptResponses, memberIds, ownerIds, null);
    }

    /** No topic: it can name a patient, and frameworks log request bodies at debug level. */
    @Override
    public String toString() {
        return "NewConversation[kind=" + kind + ", audience=" + audience + ", topic=("
                + (topic == null ? 0 : topic.length())
                + " characters), patientId=" + patientId + ", members=" + (memberIds == null ? 0 : memberIds.size())
                + "]";
    }
}
